import { QueryTypes, type Sequelize } from 'sequelize';
import type { Grant } from '../domain/grant.ts';
import { grantFromRow } from './grant-row.ts';
import type { Models } from './models.ts';

/** What showing a grant's approver card came to. */
export type CardShown = 'shown' | 'already-shown' | 'no-card' | 'no-grant';

/**
 * Updates of a grant's approver card, one writer at a time (migrations/…-approver-card-renders.ts): under the lock of
 * the card's row, the writer reads the grant as last committed, and shows it only if the card does not show that
 * version already; the version is recorded in the same transaction, which commits once Slack has answered. The click
 * handler and the notifier's job may both call this for one change: whichever comes second finds it done.
 */
export class ApproverCardStore {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
  ) {}

  showOnce(grantId: string, show: (grant: Grant & { card: NonNullable<Grant['card']> }) => Promise<void>) {
    return this.sequelize.transaction(async (transaction): Promise<CardShown> => {
      await this.sequelize.query(
        `INSERT INTO approver_card_renders (grant_id, grant_version) VALUES ($1, '') ON CONFLICT DO NOTHING`,
        { bind: [grantId], transaction },
      );
      const [render] = await this.sequelize.query<{ version: string }>(
        'SELECT grant_version AS version FROM approver_card_renders WHERE grant_id = $1 FOR UPDATE',
        { bind: [grantId], type: QueryTypes.SELECT, transaction },
      );
      // The version is read before the grant: should a change commit between the two reads, the version recorded is
      // older than the state shown, and the next writer shows it again rather than skipping a newer state.
      const [current] = await this.sequelize.query<{ version: string }>(
        'SELECT xmin::text AS version FROM grants WHERE id = $1',
        { bind: [grantId], type: QueryTypes.SELECT, transaction },
      );
      if (!current) return 'no-grant';
      if (render?.version === current.version) return 'already-shown';
      const row = await this.models.Grant.findByPk(grantId, { transaction });
      if (!row) return 'no-grant';
      const approvals = await this.models.GrantApproval.findAll({ where: { grantId }, transaction });
      const grant = grantFromRow(
        row.get({ plain: true }),
        approvals.map((a) => a.get({ plain: true })),
      );
      if (!grant.card) return 'no-card';
      await show({ ...grant, card: grant.card });
      await this.sequelize.query(
        'UPDATE approver_card_renders SET grant_version = $2, rendered_at = now() WHERE grant_id = $1',
        {
          bind: [grantId, current.version],
          transaction,
        },
      );
      return 'shown';
    });
  }
}
