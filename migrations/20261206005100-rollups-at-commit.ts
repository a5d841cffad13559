import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Session rollups added at commit rather than at each statement. The statement triggers of 20261122000600 upserted
 * the shared all-tenants (`'*'`) rollup rows as soon as a grant changed, and held those row locks until commit:
 * through every statement the use case ran after the grant's UPDATE (approvals, outbox, the audit append and its
 * chain-head lock). Ten approvals clicked together queued there (bench/slack-ack.ts: the grant UPDATE took 600 ms at
 * p50, the rest of the transaction 20–60 ms a step). Now each statement trigger only records its net change in
 * session_rollup_changes (an insert: nothing shared is locked), and a deferred constraint trigger folds all of the
 * transaction's changes into session_rollups once, in key order, as the transaction commits. The rollup rows are
 * locked for the length of that one upsert and the commit. The counts are the same, and as before a transaction
 * sees them once it has committed.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    -- Rows live only inside the transaction that wrote them: the commit-time trigger deletes them as it applies them.
    CREATE TABLE session_rollup_changes (id bigserial PRIMARY KEY, changes jsonb NOT NULL);

    CREATE FUNCTION session_rollups_defer(changes jsonb) RETURNS void LANGUAGE sql AS $$
      INSERT INTO session_rollup_changes (changes) SELECT changes WHERE jsonb_array_length(changes) > 0;
    $$;

    -- The first deferred call applies every change the transaction recorded (its own rows are the only ones it can
    -- see: others' are uncommitted), so its rollup rows are locked in one key order; later calls find nothing left.
    CREATE FUNCTION session_rollup_changes_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      pending jsonb;
    BEGIN
      WITH applied AS (DELETE FROM session_rollup_changes RETURNING changes)
      SELECT jsonb_agg(c) INTO pending FROM applied CROSS JOIN LATERAL jsonb_array_elements(applied.changes) AS c;
      IF pending IS NOT NULL THEN
        PERFORM session_rollups_add(pending);
      END IF;
      RETURN NULL;
    END $$;

    CREATE CONSTRAINT TRIGGER session_rollup_changes_apply AFTER INSERT ON session_rollup_changes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION session_rollup_changes_apply();
  `);
  await replaceTrackers(queryInterface.sequelize, 'session_rollups_defer');
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await replaceTrackers(queryInterface.sequelize, 'session_rollups_add');
  await queryInterface.sequelize.query(`
    DROP TRIGGER session_rollup_changes_apply ON session_rollup_changes;
    DROP FUNCTION session_rollup_changes_apply();
    DROP FUNCTION session_rollups_defer(jsonb);
    DROP TABLE session_rollup_changes;
  `);
}

/** The statement triggers' functions of 20261122000600, handing their changes to `sink`. */
async function replaceTrackers(
  sequelize: MigrationContext['context']['sequelize'],
  sink: 'session_rollups_add' | 'session_rollups_defer',
): Promise<void> {
  await sequelize.query(`
    CREATE OR REPLACE FUNCTION session_rollups_track_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM ${sink}(coalesce((
        SELECT jsonb_agg(c) FROM new_rows n CROSS JOIN LATERAL session_rollup_rows(n.tenant, n.requester_id, n.requester_email, n.status, n.start_time, n.end_time, n.end_reason, 1) c), '[]'));
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION session_rollups_track_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM ${sink}(coalesce((
        SELECT jsonb_agg(c) FROM old_rows o CROSS JOIN LATERAL session_rollup_rows(o.tenant, o.requester_id, o.requester_email, o.status, o.start_time, o.end_time, o.end_reason, -1) c), '[]'));
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION session_rollups_track_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM ${sink}(coalesce((
        SELECT jsonb_agg(c) FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (
          SELECT * FROM session_rollup_rows(o.tenant, o.requester_id, o.requester_email, o.status, o.start_time, o.end_time, o.end_reason, -1)
          UNION ALL
          SELECT * FROM session_rollup_rows(n.tenant, n.requester_id, n.requester_email, n.status, n.start_time, n.end_time, n.end_reason, 1)
        ) AS c
        -- Only changes that can move a session between buckets count (uses rewrite IP and agent on every call).
        WHERE (o.status, o.start_time, o.end_time, o.end_reason, o.tenant, o.requester_id, o.requester_email)
          IS DISTINCT FROM
          (n.status, n.start_time, n.end_time, n.end_reason, n.tenant, n.requester_id, n.requester_email)), '[]'));
      RETURN NULL;
    END $$;
  `);
}
