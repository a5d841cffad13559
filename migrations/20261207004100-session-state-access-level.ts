import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * The session-state notification (20261206006100) also carries the grant's access level, so the console gate
 * answers the level the grant was given (DESIGN.md §5, §6) from memory. The level is set when the grant is
 * requested and never changes, so the triggers' conditions stay as they are.
 */
const notifyWith = (fields: string) => `
  CREATE OR REPLACE FUNCTION session_state_notify() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('session_state', json_build_object(${fields})::text);
    RETURN NULL;
  END $$;`;

const BEFORE = `
  'id', NEW.id, 'shortCode', NEW.short_code, 'tenant', NEW.tenant, 'targetUser', NEW.target_user,
  'status', NEW.status, 'expiresAt', NEW.expires_at, 'endReason', NEW.end_reason`;

export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(notifyWith(`${BEFORE}, 'accessLevel', NEW.access_level`));
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(notifyWith(BEFORE));
}
