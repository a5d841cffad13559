import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { AuditEventDraft } from '../domain/audit-event.ts';
import type { ClaimLedger, ClaimRecord, IdSource } from '../domain/ports.ts';
import { AuditStore } from './audit-store.ts';
import type { Row } from './models.ts';

/**
 * Which ledger: schedule runs of one kind (keyed by period, e.g. the digest by ISO week) or posted findings (keyed
 * by finding key). Both tables carry the same claim columns (migrations/20261122000500-schedule-runs.ts).
 */
export type LedgerTable = { table: 'schedule_runs'; kind: string } | { table: 'posted_findings' };

/**
 * ClaimLedger over Postgres. Races are settled by the database, not by timing: `INSERT … ON CONFLICT DO NOTHING`
 * lets exactly one of several concurrent callers create a key's row, and taking over a stale or released claim is an
 * UPDATE whose WHERE re-checks the row after any concurrent writer commits, so only one taker wins. Time is the
 * database's (`now()`), so replicas with skewed clocks agree on what "older than the timeout" means.
 */
export class ClaimLedgerStore implements ClaimLedger {
  private readonly keyColumn: string;
  /** `kind = $n AND ` for schedule runs; nothing for findings. */
  private readonly scope: { column: string; value: string } | null;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly ledger: LedgerTable,
    private readonly options: { owner: string; timeoutMs: number; ids: IdSource },
  ) {
    this.keyColumn = ledger.table === 'schedule_runs' ? 'period' : 'key';
    this.scope = ledger.table === 'schedule_runs' ? { column: 'kind', value: ledger.kind } : null;
  }

  async claim(keys: readonly string[], { force = false }: { force?: boolean } = {}): Promise<string[]> {
    const wanted = [...new Set(keys)];
    if (wanted.length === 0) return [];
    const { table } = this.ledger;
    const k = this.keyColumn;
    const scopeColumn = this.scope ? `${this.scope.column}, ` : '';
    const scopeValue = this.scope ? '$5, ' : '';
    // The UPDATE cannot see rows the INSERT adds in the same statement, so a key is claimed by one branch at most.
    const rows = await this.sequelize.query<Row>(
      `WITH inserted AS (
         INSERT INTO ${table} (${scopeColumn}${k}, status, claimed_by, claimed_at)
         SELECT ${scopeValue}wanted, 'claimed', $2, now() FROM unnest($1::text[]) AS wanted
         ON CONFLICT DO NOTHING
         RETURNING ${k} AS key
       ), taken_over AS (
         UPDATE ${table} r
         SET status = 'claimed', claimed_by = $2, claimed_at = now(), finished_at = NULL, attempts = r.attempts + 1
         WHERE ${this.scopeWhere(5)}r.${k} = ANY($1::text[])
           AND ($4::boolean OR (r.status <> 'done'
             AND (r.status = 'failed' OR r.claimed_at <= now() - $3::double precision * interval '1 millisecond')))
         RETURNING r.${k} AS key
       )
       SELECT key FROM inserted UNION ALL SELECT key FROM taken_over`,
      {
        bind: [wanted, this.options.owner, this.options.timeoutMs, force, ...this.scopeBind()],
        type: QueryTypes.SELECT,
      },
    );
    const claimed = new Set(rows.map((row) => String(row.key)));
    return wanted.filter((key) => claimed.has(key));
  }

  async find(key: string): Promise<ClaimRecord | undefined> {
    const [row] = await this.sequelize.query<Row>(
      `SELECT status, claimed_by AS "claimedBy", claimed_at AS "claimedAt", finished_at AS "finishedAt", attempts, details
       FROM ${this.ledger.table} r WHERE ${this.scopeWhere(2)}r.${this.keyColumn} = $1`,
      { bind: [key, ...this.scopeBind()], type: QueryTypes.SELECT },
    );
    if (!row) return undefined;
    return {
      status: row.status as ClaimRecord['status'],
      claimedBy: String(row.claimedBy),
      claimedAt: new Date(row.claimedAt as string),
      finishedAt: row.finishedAt ? new Date(row.finishedAt as string) : null,
      attempts: Number(row.attempts),
      details: row.details as Record<string, unknown>,
    };
  }

  async finish(
    keys: readonly string[],
    details: Record<string, unknown>,
    audit: AuditEventDraft[] = [],
  ): Promise<number> {
    // Only the holder's claim is marked: a poster that outlived its timeout does not overwrite its successor's row.
    const markDone = (transaction?: Transaction) =>
      this.sequelize.query(
        `UPDATE ${this.ledger.table} r SET status = 'done', finished_at = now(), details = r.details || $3::jsonb
         WHERE ${this.scopeWhere(4)}r.${this.keyColumn} = ANY($1::text[]) AND r.claimed_by = $2 AND r.status = 'claimed'`,
        {
          bind: [[...keys], this.options.owner, JSON.stringify(details), ...this.scopeBind()],
          type: QueryTypes.BULKUPDATE,
          ...(transaction ? { transaction } : {}),
        },
      );
    if (audit.length === 0) return markDone();
    return this.sequelize.transaction(async (transaction) => {
      const affected = await markDone(transaction);
      await new AuditStore(this.sequelize, transaction, this.options.ids).append(audit);
      return affected;
    });
  }

  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.sequelize.query(
      `UPDATE ${this.ledger.table} r SET status = 'failed'
       WHERE ${this.scopeWhere(3)}r.${this.keyColumn} = ANY($1::text[]) AND r.claimed_by = $2 AND r.status = 'claimed'`,
      { bind: [[...keys], this.options.owner, ...this.scopeBind()] },
    );
  }

  async progress(key: string, details: Record<string, unknown>): Promise<void> {
    const [, affected] = await this.sequelize.query(
      `UPDATE ${this.ledger.table} r SET details = r.details || $3::jsonb
       WHERE ${this.scopeWhere(4)}r.${this.keyColumn} = $1 AND r.claimed_by = $2 AND r.status = 'claimed'`,
      { bind: [key, this.options.owner, JSON.stringify(details), ...this.scopeBind()], type: QueryTypes.UPDATE },
    );
    // Not holding the claim any more (it timed out and was taken over): the taker must not be told a wrong story.
    if (affected === 0) throw new Error(`the claim on ${key} is no longer held by ${this.options.owner}`);
  }

  private scopeWhere(parameter: number): string {
    return this.scope ? `r.${this.scope.column} = $${parameter} AND ` : '';
  }

  private scopeBind(): string[] {
    return this.scope ? [this.scope.value] : [];
  }
}
