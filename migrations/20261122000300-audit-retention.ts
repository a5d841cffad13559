import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Per-tenant retention of the audit trail, the forwarding cursor (the trail itself is the outbox of the audit
 * webhook: this row says how far it has been delivered) and the indexes behind the trail's `actor` filter.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    -- Tenants without a row keep AUDIT_RETENTION_DAYS. 365 days is the floor the trail promises (DESIGN.md §1).
    CREATE TABLE retention_policies (
      tenant text PRIMARY KEY,
      days integer NOT NULL CHECK (days >= 365),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- One row: the seq of the last event the receiver acknowledged (2xx). Starts at 0, so turning forwarding on
    -- later still delivers every event still in the trail.
    CREATE TABLE audit_forward_cursor (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_seq bigint NOT NULL,
      forwarded_at timestamptz
    );
    INSERT INTO audit_forward_cursor VALUES (1, 0, NULL);

    -- "What did this person do": the actor filter of GET /api/v1/audit/events matches the id or, for a value with
    -- an @, the email; each keyset-paginated in seq order.
    CREATE INDEX audit_events_actor_id ON audit_events ((actor->>'id'), seq);
    CREATE INDEX audit_events_actor_email ON audit_events ((actor->>'email'), seq);
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP INDEX audit_events_actor_email;
    DROP INDEX audit_events_actor_id;
    DROP TABLE audit_forward_cursor;
    DROP TABLE retention_policies;
  `);
}
