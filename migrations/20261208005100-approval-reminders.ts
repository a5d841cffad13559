import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Reminders and escalation of pending requests (DESIGN.md §7): when each happened, on the grant, so that the job that
 * sends one decides under the grant's row lock whether it already did (BullMQ delivers at least once, and several
 * workers may hold the same job). The escalated copy of an approver card is recorded with the other Slack posts, so
 * that the decision can be shown on it too.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    ALTER TABLE grants
      ADD COLUMN reminded_at timestamptz,
      ADD COLUMN escalated_at timestamptz;
    ALTER TABLE slack_deliveries DROP CONSTRAINT slack_deliveries_step_check;
    ALTER TABLE slack_deliveries ADD CONSTRAINT slack_deliveries_step_check
      CHECK (step IN ('dm', 'thread-reply', 'extension-card', 'break-glass-notice', 'escalated-card'));
    -- One escalated copy per grant, found by the grant whenever its card is updated.
    CREATE UNIQUE INDEX slack_deliveries_escalated_card ON slack_deliveries (grant_id) WHERE step = 'escalated-card';
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP INDEX slack_deliveries_escalated_card;
    DELETE FROM slack_deliveries WHERE step = 'escalated-card';
    ALTER TABLE slack_deliveries DROP CONSTRAINT slack_deliveries_step_check;
    -- Back to the steps 20261208004100-break-glass allows.
    ALTER TABLE slack_deliveries ADD CONSTRAINT slack_deliveries_step_check
      CHECK (step IN ('dm', 'thread-reply', 'extension-card', 'break-glass-notice'));
    ALTER TABLE grants DROP COLUMN reminded_at, DROP COLUMN escalated_at;
  `);
}
