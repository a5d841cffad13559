import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Tells every `serve` replica the moment a session's gate-relevant state commits (src/db/session-states.ts LISTENs
 * on `session_state`), so GET …/check answers from memory. Per row, carrying the state itself, so a replica applies
 * it without a query; Postgres delivers the notification only if the transition's transaction commits. Only a
 * change of status or expiry notifies: a use or an action changes neither.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE FUNCTION session_state_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('session_state', json_build_object(
        'id', NEW.id, 'shortCode', NEW.short_code, 'tenant', NEW.tenant, 'targetUser', NEW.target_user,
        'status', NEW.status, 'expiresAt', NEW.expires_at, 'endReason', NEW.end_reason)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER session_state_inserted AFTER INSERT ON grants
      FOR EACH ROW EXECUTE FUNCTION session_state_notify();
    CREATE TRIGGER session_state_changed AFTER UPDATE ON grants
      FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
      EXECUTE FUNCTION session_state_notify();
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP TRIGGER session_state_changed ON grants;
    DROP TRIGGER session_state_inserted ON grants;
    DROP FUNCTION session_state_notify();
  `);
}
