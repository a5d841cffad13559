import type { AuditFilter, AuditQueries } from '../db/audit-store.ts';
import type { AuditEvent } from '../domain/audit-event.ts';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The CSV columns: every field of an event, JSON values as JSON text, so a row can be re-hashed from the export. */
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

/** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. Values are never altered. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(e: AuditEvent): string {
  const values: unknown[] = [e.seq, e.id, e.occurredAt, e.type, e.severity, e.actor.kind, e.actor.id, e.actor.email];
  values.push(e.tenant, e.grantId, e.ipAddress, e.userAgent, e.before, e.after, e.details, e.prevHash, e.hash);
  return `${values.map(csvField).join(',')}\n`;
}

/**
 * The matching events in chain order as CSV (with a header) or JSON Lines, read in keyset batches so an export of
 * millions of rows holds one batch in memory: the one streaming path of the API and the CLI. Yields whole lines,
 * one batch of them per chunk (a write per line would cost more than the query).
 */
export async function* exportAudit(
  audit: AuditQueries,
  input: { filter: AuditFilter; format: ExportFormat; batchSize?: number },
): AsyncGenerator<string> {
  if (input.format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  const batchSize = input.batchSize ?? 500;
  let afterSeq = 0;
  for (;;) {
    const batch = await audit.page(input.filter, afterSeq, batchSize);
    if (batch.length > 0) {
      yield batch.map((e) => (input.format === 'csv' ? csvLine(e) : `${JSON.stringify(e)}\n`)).join('');
    }
    if (batch.length < batchSize) return;
    afterSeq = batch[batch.length - 1]!.seq;
  }
}
