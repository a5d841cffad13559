import { setImmediate as nextTurn } from 'node:timers/promises';
import { csvRows } from '../csv/csv-rows.ts';
import type { AuditFilter, AuditQueries } from '../db/audit-store.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import { unsortedJsonText } from '../domain/json-text.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import { type TrailReader, tenantReadBy } from './trail-reader.ts';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The CSV columns: every field of an event, JSON values as JSON text. The CSV is for reading in a spreadsheet, so a
 * typed cell that would run as a formula is defused (csv-rows.ts); JSON Lines carries the exact values, to re-hash.
 */
export const CSV_COLUMNS = [
  'seq',
  'id',
  'occurredAt',
  'type',
  'severity',
  'actorKind',
  'actorId',
  'actorEmail',
  'tenant',
  'grantId',
  'ipAddress',
  'userAgent',
  'before',
  'after',
  'details',
  'prevHash',
  'hash',
] as const;

const jsonCell = (value: unknown) => (value === null ? null : unsortedJsonText(value));

function csvRow(e: AuditEvent): (string | number | null)[] {
  const { actor } = e;
  const cells = [
    e.seq,
    e.id,
    e.occurredAt.toISOString(),
    e.type,
    e.severity,
    actor.kind,
    actor.id,
    actor.email ?? null,
  ];
  cells.push(e.tenant, e.grantId, e.ipAddress, e.userAgent, jsonCell(e.before), jsonCell(e.after));
  cells.push(jsonCell(e.details), e.prevHash, e.hash);
  return cells;
}

/** Rows formatted in one go: a few milliseconds of the server's one thread, however large the batch read. */
const ROWS_PER_CHUNK = 100;

/**
 * The matching events in chain order as CSV (with a header) or JSON Lines, read in keyset batches so an export of
 * millions of rows holds one batch in memory: the one streaming path of the API and the CLI. Yields whole lines,
 * ROWS_PER_CHUNK of them per chunk (a write per line would cost more than the query), and lets the event loop turn
 * before formatting the next chunk: a client reading as fast as it can would otherwise keep the server's one thread
 * formatting, and every other request (a session list, /readyz) would wait behind its export.
 */
export async function* exportAudit(
  audit: AuditQueries,
  input: { filter: AuditFilter; format: ExportFormat; batchSize?: number },
): AsyncGenerator<string> {
  if (input.format === 'csv') yield csvRows([CSV_COLUMNS], '\n');
  const batchSize = input.batchSize ?? 500;
  let afterSeq = 0;
  for (;;) {
    const batch = await audit.page(input.filter, afterSeq, batchSize);
    for (let from = 0; from < batch.length; from += ROWS_PER_CHUNK) {
      if (from > 0) await nextTurn();
      const rows = batch.slice(from, from + ROWS_PER_CHUNK);
      yield input.format === 'csv'
        ? csvRows(rows.map(csvRow), '\n')
        : rows.map((e) => `${unsortedJsonText(e)}\n`).join('');
    }
    if (batch.length < batchSize) return;
    afterSeq = batch[batch.length - 1]!.seq;
  }
}

/**
 * The export a reader may have, as exportAudit streams it: the reader's tenant is decided first, so a refusal comes
 * before the first byte of the answer.
 */
export async function exportAuditFor(
  deps: { audit: AuditQueries; access: AccessDirectory },
  input: { reader: TrailReader; filter: AuditFilter; format: ExportFormat },
): Promise<AsyncGenerator<string>> {
  const tenant = await tenantReadBy(deps.access, input.reader, input.filter.tenant, 'the audit trail');
  return exportAudit(deps.audit, { filter: { ...input.filter, tenant }, format: input.format });
}
