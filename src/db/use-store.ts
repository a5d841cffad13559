import type { Transaction } from 'sequelize';
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
}
