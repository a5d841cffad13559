import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * What the Slack notifier has posted, per audit event and step, so a retried or repeated notify job posts nothing
 * twice (BullMQ delivers at least once; a job that DMed the requester and then hit a rate limit runs again). The
 * approver card itself lives on grants.card_*; extension cards live here, one per extension, which the unique index
 * enforces when two deliveries race.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE TABLE slack_deliveries (
      -- The audit event's id, or the warn job's key for the expiry warning (not an audit event).
      event_id text NOT NULL,
      step text NOT NULL CHECK (step IN ('dm', 'thread-reply', 'extension-card')),
      grant_id uuid NOT NULL,
      extension_id text,
      channel_id text NOT NULL,
      message_ts text NOT NULL,
      delivered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, step),
      CHECK ((step = 'extension-card') = (extension_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX slack_deliveries_extension_card ON slack_deliveries (grant_id, extension_id)
      WHERE step = 'extension-card';
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query('DROP TABLE slack_deliveries;');
}
