import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * How far CONSOLE_WEBHOOK_URL has been sent the session events of the audit trail (the trail is the outbox; see
 * jobs/console-webhook-forwarder.ts). It starts at the chain head, so turning the webhook on does not replay history.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE TABLE console_webhook_cursor (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_seq bigint NOT NULL,
      forwarded_at timestamptz
    );
    INSERT INTO console_webhook_cursor SELECT 1, head_seq, NULL FROM audit_chain WHERE id = 1;
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query('DROP TABLE console_webhook_cursor');
}
