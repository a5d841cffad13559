import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Wakes the outbox relays the moment a transaction that wrote to the outbox commits (jobs/outbox-wakeup.ts LISTENs
 * on `outbox`), instead of at their next poll. Per statement, not per row: one use case inserts its messages in one
 * statement, and Postgres folds identical notifications within a transaction, so a commit sends one NOTIFY.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP TRIGGER outbox_notify ON outbox;
    DROP FUNCTION outbox_notify();
  `);
}
