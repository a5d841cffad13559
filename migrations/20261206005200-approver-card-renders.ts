import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Which state of each grant its approver card shows. Two writers update a card: the click's own handler, right after
 * its transaction commits (so the approver sees it at once), and the notifier's job, the safety net, which may run
 * before or after it. Each holds this row's lock from reading the grant to Slack's answer, and records the grant row
 * version (its xmin) it rendered: a writer that finds the card already showing the current version skips Slack, and
 * since the writers take turns and each renders the latest committed state, an older state never lands on top of a
 * newer one. No foreign key to grants: checking it would share-lock the grant row for the length of the Slack call,
 * and a transition's FOR UPDATE on the grant would wait for Slack.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE TABLE approver_card_renders (
      grant_id uuid PRIMARY KEY,
      grant_version text NOT NULL,
      rendered_at timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query('DROP TABLE approver_card_renders;');
}
