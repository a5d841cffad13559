import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * How far a webhook has delivered the trail: the seq of the last event its receiver acknowledged. The audit webhook
 * keeps it in `audit_forward_cursor`, the console webhook in `console_webhook_cursor`.
 */
export class AuditForwardCursor {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly table: 'audit_forward_cursor' | 'console_webhook_cursor' = 'audit_forward_cursor',
  ) {}

  async read(): Promise<number> {
    const [row] = await this.sequelize.query<{ seq: string }>(
      `SELECT last_seq AS seq FROM ${this.table} WHERE id = 1`,
      { type: QueryTypes.SELECT },
    );
    return Number(row?.seq ?? 0);
  }

  /** Moves the cursor from `fromSeq` to `toSeq`; a cursor that moved meanwhile is left alone (compare and set). */
  async advance(fromSeq: number, toSeq: number, at: Date): Promise<void> {
    await this.sequelize.query(
      `UPDATE ${this.table} SET last_seq = $2, forwarded_at = $3 WHERE id = 1 AND last_seq = $1`,
      { bind: [fromSeq, toSeq, at] },
    );
  }
}
