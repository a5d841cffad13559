import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { RetentionWriter } from '../domain/ports.ts';
import type { RetentionPolicy } from '../domain/retention.ts';
import type { Row } from './models.ts';

/** Per-tenant retention policies (tenants without one keep AUDIT_RETENTION_DAYS). */
export class RetentionStore {
  constructor(private readonly sequelize: Sequelize) {}

  async list(): Promise<RetentionPolicy[]> {
    const rows = await this.sequelize.query<Row>(
      'SELECT tenant, days, updated_at AS "updatedAt" FROM retention_policies ORDER BY tenant',
      { type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({
      tenant: String(r.tenant),
      days: Number(r.days),
      updatedAt: new Date(r.updatedAt as string),
    }));
  }

  /** Sets a tenant's policy and returns the days it had before (null: the default), under the row's lock. */
  async set(tenant: string, days: number, at: Date, transaction: Transaction): Promise<number | null> {
    const [previous] = await this.sequelize.query<{ days: number }>(
      'SELECT days FROM retention_policies WHERE tenant = $1 FOR UPDATE',
      { bind: [tenant], type: QueryTypes.SELECT, transaction },
    );
    await this.sequelize.query(
      `INSERT INTO retention_policies (tenant, days, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant) DO UPDATE SET days = EXCLUDED.days, updated_at = EXCLUDED.updated_at`,
      { bind: [tenant, days, at], transaction },
    );
    return previous ? Number(previous.days) : null;
  }
}

/** A tenant's retention as one transaction sets it: see TransactionScope. */
export class RetentionSetter implements RetentionWriter {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly transaction: Transaction,
  ) {}

  set(tenant: string, days: number, at: Date): Promise<number | null> {
    return new RetentionStore(this.sequelize).set(tenant, days, at, this.transaction);
  }
}
