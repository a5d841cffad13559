import { QueryTypes, type Transaction } from 'sequelize';
import type { UseRecorder } from '../domain/ports.ts';
import type { Models } from './models.ts';

export class UseStore implements UseRecorder {
  constructor(
    private readonly models: Models,
    private readonly transaction: Transaction,
  ) {}

  async recordUse(use: { grantId: string; at: Date; ipAddress: string | null; userAgent: string | null }) {
    await this.models.GrantUse.create(
      { grantId: use.grantId, usedAt: use.at, ipAddress: use.ipAddress, userAgent: use.userAgent },
      { transaction: this.transaction },
    );
  }

  async recordAction(action: { grantId: string; at: Date; action: string; actor: string }) {
    await this.models.GrantAction.create(
      { grantId: action.grantId, recordedAt: action.at, action: action.action, actor: action.actor },
      { transaction: this.transaction },
    );
  }

  async lastActivityAt(grantId: string): Promise<Date | null> {
    const [row] = await this.models.Grant.sequelize!.query<{ at: Date | null }>(
      `SELECT GREATEST(
         (SELECT max(used_at) FROM grant_uses WHERE grant_id = $1),
         (SELECT max(recorded_at) FROM grant_actions WHERE grant_id = $1)) AS at`,
      { bind: [grantId], type: QueryTypes.SELECT, transaction: this.transaction },
    );
    return row?.at ? new Date(row.at) : null;
  }
}
