import { QueryTypes, type Sequelize } from 'sequelize';

/** How far the audit webhook has delivered the trail: the seq of the last event its receiver acknowledged. */
export class AuditForwardCursor {
  constructor(private readonly sequelize: Sequelize) {}

  async read(): Promise<number> {
    const [row] = await this.sequelize.query<{ seq: string }>(
      'SELECT last_seq AS seq FROM audit_forward_cursor WHERE id = 1',
      { type: QueryTypes.SELECT },
    );
    return Number(row?.seq ?? 0);
  }

  /** Moves the cursor from `fromSeq` to `toSeq`; a cursor that moved meanwhile is left alone (compare and set). */
  async advance(fromSeq: number, toSeq: number, at: Date): Promise<void> {
    await this.sequelize.query(
      'UPDATE audit_forward_cursor SET last_seq = $2, forwarded_at = $3 WHERE id = 1 AND last_seq = $1',
      { bind: [fromSeq, toSeq, at] },
    );
  }
}
