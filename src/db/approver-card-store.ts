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
      // Creates the card's row or locks the one there, and reads the version it shows, in one statement.
      const [render] = await this.sequelize.query<{ version: string }>(
        `INSERT INTO approver_card_renders AS r (grant_id, grant_version) VALUES ($1, '')
         ON CONFLICT (grant_id) DO UPDATE SET grant_id = r.grant_id RETURNING r.grant_version AS version`,
        { bind: [grantId], type: QueryTypes.SELECT, transaction },
      );
      // Read after the lock is held, in a statement of its own, so it sees every change committed before this turn
      // (the grant row's xmin is the version: it changes with every write of the row).
      const row = await this.models.Grant.findByPk(grantId, {
        attributes: { include: [[this.sequelize.literal('xmin::text'), 'rowVersion']] },
        transaction,
      });
      if (!row) return 'no-grant';
      const { rowVersion, ...columns } = row.get({ plain: true }) as Record<string, unknown>;
      if (render?.version === rowVersion) return 'already-shown';
      const approvals = await this.models.GrantApproval.findAll({ where: { grantId }, transaction });
      const grant = grantFromRow(
        columns,
        approvals.map((a) => a.get({ plain: true })),
      );
      if (!grant.card) return 'no-card';
      await show({ ...grant, card: grant.card });
      await this.sequelize.query(
        'UPDATE approver_card_renders SET grant_version = $2, rendered_at = now() WHERE grant_id = $1',
        {
          bind: [grantId, rowVersion],
          transaction,
        },
      );
      return 'shown';
    });
  }
}
