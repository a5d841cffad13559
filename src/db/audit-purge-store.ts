import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { AuditPurger } from '../domain/ports.ts';

/**
 * The retention purge's reads and its one destructive write, inside the purge's transaction. The append-only
 * trigger (migrations/20261122000100-initial-schema.ts) lets a DELETE through only in a transaction that said
 * `SET LOCAL grantdesk.audit_purge = 'on'` and only for rows at or below the checkpoint, so the checkpoint moves
 * first.
 */
export class AuditPurgeStore implements AuditPurger {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly transaction: Transaction,
  ) {}

  /** Locks the chain row (appends wait until the purge commits) and reads where the trail starts and ends. */
  async lockChain(): Promise<{ checkpointSeq: number; headSeq: number }> {
    const [row] = await this.select<{ checkpointSeq: string; headSeq: string }>(
      'SELECT checkpoint_seq AS "checkpointSeq", head_seq AS "headSeq" FROM audit_chain WHERE id = 1 FOR UPDATE',
    );
    if (!row) throw new Error('audit_chain has no head row: run grantdesk migrate');
    return { checkpointSeq: Number(row.checkpointSeq), headSeq: Number(row.headSeq) };
  }

  /** The last seq the audit webhook's receiver acknowledged. */
  async forwardedSeq(): Promise<number> {
    const [row] = await this.select<{ seq: string }>('SELECT last_seq AS seq FROM audit_forward_cursor WHERE id = 1');
    return Number(row?.seq ?? 0);
  }

  /**
   * The largest S in [fromSeq, upToSeq] such that every row after fromSeq up to S is past its own tenant's
   * retention at `at` (rows without a tenant, and tenants without a policy, use `defaultDays`). The scan walks the
   * primary key from fromSeq and stops at the first row to keep.
   */
  async purgeableThrough(fromSeq: number, upToSeq: number, at: Date, defaultDays: number): Promise<number> {
    const [kept] = await this.select<{ seq: string }>(
      `SELECT e.seq FROM audit_events e LEFT JOIN retention_policies p ON p.tenant = e.tenant
        WHERE e.seq > $1 AND e.seq <= $2
          AND e.occurred_at >= $3::timestamptz - make_interval(days => coalesce(p.days, $4))
        ORDER BY e.seq LIMIT 1`,
      [fromSeq, upToSeq, at, defaultDays],
    );
    return kept ? Number(kept.seq) - 1 : upToSeq;
  }

  async countsByTenant(fromSeq: number, throughSeq: number): Promise<{ tenant: string | null; count: number }[]> {
    const rows = await this.select<{ tenant: string | null; count: string }>(
      `SELECT tenant, count(*) AS count FROM audit_events WHERE seq > $1 AND seq <= $2
        GROUP BY tenant ORDER BY tenant NULLS FIRST`,
      [fromSeq, throughSeq],
    );
    return rows.map((r) => ({ tenant: r.tenant, count: Number(r.count) }));
  }

  /** Moves the checkpoint to row `throughSeq` (its seq and hash), then deletes it and every row before it. */
  async moveCheckpointAndDelete(throughSeq: number): Promise<{ seq: number; hash: string }> {
    const [checkpoint] = await this.select<{ hash: string }>(
      `UPDATE audit_chain SET checkpoint_seq = $1, checkpoint_hash = (SELECT hash FROM audit_events WHERE seq = $1)
        WHERE id = 1 RETURNING checkpoint_hash AS hash`,
      [throughSeq],
    );
    await this.sequelize.query("SET LOCAL grantdesk.audit_purge = 'on'", { transaction: this.transaction });
    await this.sequelize.query('DELETE FROM audit_events WHERE seq <= $1', {
      bind: [throughSeq],
      transaction: this.transaction,
    });
    await this.sequelize.query("SET LOCAL grantdesk.audit_purge = 'off'", { transaction: this.transaction });
    return { seq: throughSeq, hash: String(checkpoint?.hash) };
  }

  private select<T extends object>(sql: string, bind: unknown[] = []): Promise<T[]> {
    return this.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT, transaction: this.transaction });
  }
}
