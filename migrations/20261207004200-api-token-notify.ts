import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Tells every `serve` replica the moment a token stops being what it was (revoked, its expiry, scopes or tenant
 * changed, or deleted), so the API keeps tokens in memory and authenticates without a query (src/db/cached-token-
 * store.ts). The payload is the token's hash, never its secret. lastUsedAt, written once a minute, is left out.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE FUNCTION api_token_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('api_token_changed', OLD.token_hash);
      RETURN NULL;
    END $$;
    CREATE TRIGGER api_token_changed AFTER UPDATE ON api_tokens
      FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.scopes IS DISTINCT FROM NEW.scopes OR OLD.tenant IS DISTINCT FROM NEW.tenant
        OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
      EXECUTE FUNCTION api_token_notify();
    CREATE TRIGGER api_token_deleted AFTER DELETE ON api_tokens
      FOR EACH ROW EXECUTE FUNCTION api_token_notify();
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP TRIGGER api_token_deleted ON api_tokens;
    DROP TRIGGER api_token_changed ON api_tokens;
    DROP FUNCTION api_token_notify();
  `);
}
