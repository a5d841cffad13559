import { QueryTypes, type Sequelize } from 'sequelize';
import type { Grant } from '../domain/grant.ts';
import { recordPhase, timePhase } from '../phase-times.ts';
import { APPROVALS_OF_G, grantColumnList, grantFromRow } from './grant-row.ts';
import type { Models, Row } from './models.ts';

/** What showing a grant's approver card came to. */
export type CardShown = 'shown' | 'already-shown' | 'no-card' | 'no-grant';

/**
 * Updates of a grant's approver card, one writer at a time (migrations/…-approver-card-renders.ts): under the lock of
 * the card's row, the writer reads the grant as last committed, and shows it only if the card does not show that
 * version already; the version is recorded in the same transaction, which commits once Slack has answered. The click
 * handler and the notifier's job may both call this for one change: whichever comes second finds it done.
 */
export class ApproverCardStore {
  /** The grants columns under the model's attribute names, as grantFromRow reads them. */
  private readonly grantColumns: string;

  constructor(
    private readonly sequelize: Sequelize,
    models: Models,
  ) {
    this.grantColumns = grantColumnList(models, 'g');
  }

  /**
   * Whether the card shows the grant as last committed, in one read with no lock and no transaction. A caller that
   * usually comes second (the notifier's job, after the click handler showed the change) asks this first and spares
   * the locked turn. A yes is final: the version was recorded only once Slack had shown it, and any later change of
   * the grant changes its version. A no settles nothing: showOnce decides under the lock.
   */
  async showsCurrent(grantId: string): Promise<boolean> {
    const [row] = await this.sequelize.query<{ current: boolean }>(
      `SELECT r.grant_version = g.xmin::text AS current
       FROM approver_card_renders r JOIN grants g ON g.id = r.grant_id WHERE r.grant_id = $1`,
      { bind: [grantId], type: QueryTypes.SELECT },
    );
    return row?.current === true;
  }

  async showOnce(grantId: string, show: (grant: Grant & { card: NonNullable<Grant['card']> }) => Promise<void>) {
    const asked = performance.now();
    let shown = 0;
    const outcome = await this.sequelize.transaction(async (transaction): Promise<CardShown> => {
      recordPhase('card: connection and BEGIN', performance.now() - asked);
      // Creates the card's row or locks the one there, and reads the version it shows, in one statement.
      const [render] = await timePhase('card: turn lock', () =>
        this.sequelize.query<{ version: string }>(
          `INSERT INTO approver_card_renders AS r (grant_id, grant_version) VALUES ($1, '')
           ON CONFLICT (grant_id) DO UPDATE SET grant_id = r.grant_id RETURNING r.grant_version AS version`,
          { bind: [grantId], type: QueryTypes.SELECT, transaction },
        ),
      );
      // In a statement of its own, once the lock is held, so it sees every change committed before this turn: the
      // grant with its approvals, and its row version (xmin: it changes with every write of the row), recorded as
      // shown here already. Should Slack fail, the transaction rolls back and the next writer shows it again.
      const [row] = await timePhase('card: grant read', () =>
        this.sequelize.query<Row>(
          `UPDATE approver_card_renders r SET grant_version = g.xmin::text, rendered_at = now()
           FROM grants g WHERE r.grant_id = $1 AND g.id = $1
         RETURNING ${this.grantColumns}, g.xmin::text AS "rowVersion", ${APPROVALS_OF_G} AS "approvals"`,
          { bind: [grantId], type: QueryTypes.SELECT, transaction },
        ),
      );
      if (!row) return 'no-grant';
      const { rowVersion, approvals, ...columns } = row;
      if (render?.version === rowVersion) return 'already-shown';
      const grant = grantFromRow(columns, approvals as Row[]);
      const { card } = grant;
      if (!card) return 'no-card';
      await timePhase('card: chat.update', () => show({ ...grant, card }));
      shown = performance.now();
      return 'shown';
    });
    if (shown) recordPhase('card: COMMIT', performance.now() - shown);
    return outcome;
  }
}
