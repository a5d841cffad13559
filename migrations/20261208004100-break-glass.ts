import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Break-glass (DESIGN.md §7): whether a grant was started by break-glass, and its review (reviewer, acknowledged or
 * flagged, note, when) as JSON, null until reviewed. The partial index serves the anomaly scan and the digest, which
 * look for break-glass grants only. The Slack ledger gets a step for the break-glass notice in the compliance
 * channel, posted once and updated when reviewed.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    ALTER TABLE grants
      ADD COLUMN break_glass boolean NOT NULL DEFAULT false,
      ADD COLUMN review jsonb;
    CREATE INDEX grants_break_glass_start ON grants (start_time) WHERE break_glass;
    ALTER TABLE slack_deliveries DROP CONSTRAINT slack_deliveries_step_check;
    ALTER TABLE slack_deliveries ADD CONSTRAINT slack_deliveries_step_check
      CHECK (step IN ('dm', 'thread-reply', 'extension-card', 'break-glass-notice'));
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DELETE FROM slack_deliveries WHERE step = 'break-glass-notice';
    ALTER TABLE slack_deliveries DROP CONSTRAINT slack_deliveries_step_check;
    ALTER TABLE slack_deliveries ADD CONSTRAINT slack_deliveries_step_check
      CHECK (step IN ('dm', 'thread-reply', 'extension-card'));
    DROP INDEX grants_break_glass_start;
    ALTER TABLE grants DROP COLUMN break_glass, DROP COLUMN review;
  `);
}
