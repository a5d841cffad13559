import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Session rollups, kept by statement-level triggers instead of row-level ones. A row trigger upserts six rollup rows
 * for every grant that changes, three of them the shared all-tenants (`'*'`) rows, and holds them until commit: a
 * batch of 250 expiries (src/app/expire-due-grants.ts) made 1,500 upserts and every concurrent batch queued behind
 * them. A statement trigger sees the whole statement's rows at once (transition tables) and adds each bucket's net
 * change in one upsert, skipping buckets whose counts do not move (a use that only records the IP address touches no
 * rollup row). The counting rules are the same as session_rollups_apply and session_rollups_rebuild.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    -- Takes the columns rather than a grants row: rows of a transition table arrive as plain records.
    CREATE FUNCTION session_rollup_rows(
      g_tenant text, g_requester_id text, g_requester_email text, g_status text,
      g_start_time timestamptz, g_end_time timestamptz, g_end_reason text, delta integer)
    RETURNS TABLE (tenant text, dimension text, bucket text, sessions bigint, ended_sessions bigint, duration_ms bigint)
    LANGUAGE sql IMMUTABLE AS $$
      SELECT k.tenant, k.dimension, k.bucket, delta::bigint,
        (CASE WHEN g_status = 'ENDED' THEN delta ELSE 0 END)::bigint,
        CASE WHEN g_status = 'ENDED'
          THEN delta * round(extract(epoch FROM g_end_time - g_start_time) * 1000)::bigint ELSE 0 END
      FROM (VALUES (coalesce(g_requester_email, g_requester_id), to_char(g_start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
          CASE WHEN g_status = 'ENDED' THEN g_end_reason ELSE g_status END)) AS v(admin, day, state)
      CROSS JOIN LATERAL (VALUES
        (g_tenant, 'admin', v.admin), (g_tenant, 'day', v.day), (g_tenant, 'state', v.state),
        ('*', 'admin', v.admin), ('*', 'day', v.day), ('*', 'state', v.state)
      ) AS k(tenant, dimension, bucket)
      WHERE g_start_time IS NOT NULL
    $$;

    -- Adds the net change per bucket, in key order so concurrent statements lock rollup rows in one order.
    CREATE FUNCTION session_rollups_add(changes jsonb) RETURNS void LANGUAGE sql AS $$
      INSERT INTO session_rollups AS r (tenant, dimension, bucket, sessions, ended_sessions, duration_ms)
      SELECT c.tenant, c.dimension, c.bucket, sum(c.sessions), sum(c.ended_sessions), sum(c.duration_ms)
      FROM jsonb_to_recordset(changes)
        AS c(tenant text, dimension text, bucket text, sessions bigint, ended_sessions bigint, duration_ms bigint)
      GROUP BY c.tenant, c.dimension, c.bucket
      HAVING sum(c.sessions) <> 0 OR sum(c.ended_sessions) <> 0 OR sum(c.duration_ms) <> 0
      ORDER BY c.tenant, c.dimension, c.bucket
      ON CONFLICT (tenant, dimension, bucket) DO UPDATE SET
        sessions = r.sessions + EXCLUDED.sessions,
        ended_sessions = r.ended_sessions + EXCLUDED.ended_sessions,
        duration_ms = r.duration_ms + EXCLUDED.duration_ms;
    $$;

    CREATE FUNCTION session_rollups_track_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM session_rollups_add(coalesce((
        SELECT jsonb_agg(c) FROM new_rows n CROSS JOIN LATERAL session_rollup_rows(n.tenant, n.requester_id, n.requester_email, n.status, n.start_time, n.end_time, n.end_reason, 1) c), '[]'));
      RETURN NULL;
    END $$;

    CREATE FUNCTION session_rollups_track_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM session_rollups_add(coalesce((
        SELECT jsonb_agg(c) FROM old_rows o CROSS JOIN LATERAL session_rollup_rows(o.tenant, o.requester_id, o.requester_email, o.status, o.start_time, o.end_time, o.end_reason, -1) c), '[]'));
      RETURN NULL;
    END $$;

    CREATE FUNCTION session_rollups_track_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM session_rollups_add(coalesce((
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

    DROP TRIGGER grants_session_rollups ON grants;
    DROP TRIGGER grants_session_rollups_update ON grants;
    CREATE TRIGGER grants_session_rollups_inserted AFTER INSERT ON grants
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION session_rollups_track_inserted();
    CREATE TRIGGER grants_session_rollups_deleted AFTER DELETE ON grants
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION session_rollups_track_deleted();
    CREATE TRIGGER grants_session_rollups_updated AFTER UPDATE ON grants
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
      EXECUTE FUNCTION session_rollups_track_updated();
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP TRIGGER grants_session_rollups_updated ON grants;
    DROP TRIGGER grants_session_rollups_deleted ON grants;
    DROP TRIGGER grants_session_rollups_inserted ON grants;
    DROP FUNCTION session_rollups_track_updated();
    DROP FUNCTION session_rollups_track_deleted();
    DROP FUNCTION session_rollups_track_inserted();
    DROP FUNCTION session_rollups_add(jsonb);
    DROP FUNCTION session_rollup_rows(text, text, text, text, timestamptz, timestamptz, text, integer);
    CREATE TRIGGER grants_session_rollups AFTER INSERT OR DELETE ON grants
      FOR EACH ROW EXECUTE FUNCTION session_rollups_track();
    CREATE TRIGGER grants_session_rollups_update AFTER UPDATE ON grants FOR EACH ROW
      WHEN ((OLD.status, OLD.start_time, OLD.end_time, OLD.end_reason, OLD.tenant, OLD.requester_id, OLD.requester_email)
        IS DISTINCT FROM
        (NEW.status, NEW.start_time, NEW.end_time, NEW.end_reason, NEW.tenant, NEW.requester_id, NEW.requester_email))
      EXECUTE FUNCTION session_rollups_track();
  `);
}
