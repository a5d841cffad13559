import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Rollups behind GET /api/v1/impersonation/stats and the sessions pages, kept current by a trigger on grants so they
 * cannot drift from the rows they count. A session is a grant that became ACTIVE (start_time is set then and never
 * cleared). Dimensions: `admin`; `day` of start in UTC (months are summed from days, and a deep page finds the day
 * it starts in from a running total rather than by skipping 100,000 index entries); `state`: ACTIVE, then the end
 * reason.
 *
 * Rows are counted twice: under the grant's tenant and under '*' (every tenant; no tenant can be called '*', see
 * IDENTIFIER_PATTERN), so both a tenant-bound token and an unbound one read about a thousand rows at most (admins and
 * days), whatever the number of sessions.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE TABLE session_rollups (
      tenant text NOT NULL,
      dimension text NOT NULL CHECK (dimension IN ('admin', 'day', 'state')),
      bucket text NOT NULL,
      sessions bigint NOT NULL,
      ended_sessions bigint NOT NULL,
      duration_ms bigint NOT NULL,
      PRIMARY KEY (tenant, dimension, bucket)
    );

    CREATE FUNCTION session_rollups_apply(g grants, delta integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      admin text := coalesce(g.requester_email, g.requester_id);
      day text := to_char(g.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD');
      state text := CASE WHEN g.status = 'ENDED' THEN g.end_reason ELSE g.status END;
      ended integer := CASE WHEN g.status = 'ENDED' THEN delta ELSE 0 END;
      duration bigint := CASE WHEN g.status = 'ENDED'
        THEN delta * round(extract(epoch FROM g.end_time - g.start_time) * 1000)::bigint ELSE 0 END;
    BEGIN
      IF g.start_time IS NULL THEN
        RETURN;
      END IF;
      -- Sorted, so concurrent transitions lock the rollup rows in one order and cannot deadlock on them.
      INSERT INTO session_rollups AS r (tenant, dimension, bucket, sessions, ended_sessions, duration_ms)
      SELECT k.tenant, k.dimension, k.bucket, delta, ended, duration
      FROM unnest(
        ARRAY[g.tenant, g.tenant, g.tenant, '*', '*', '*'],
        ARRAY['admin', 'day', 'state', 'admin', 'day', 'state'],
        ARRAY[admin, day, state, admin, day, state]
      ) AS k(tenant, dimension, bucket)
      ORDER BY k.tenant, k.dimension, k.bucket
      ON CONFLICT (tenant, dimension, bucket) DO UPDATE SET
        sessions = r.sessions + EXCLUDED.sessions,
        ended_sessions = r.ended_sessions + EXCLUDED.ended_sessions,
        duration_ms = r.duration_ms + EXCLUDED.duration_ms;
    END $$;

    CREATE FUNCTION session_rollups_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM session_rollups_apply(OLD, -1);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM session_rollups_apply(NEW, 1);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER grants_session_rollups AFTER INSERT OR DELETE ON grants
      FOR EACH ROW EXECUTE FUNCTION session_rollups_track();
    -- Uses update the grant on every call (IP, agent): only changes that move a session between buckets count.
    CREATE TRIGGER grants_session_rollups_update AFTER UPDATE ON grants FOR EACH ROW
      WHEN ((OLD.status, OLD.start_time, OLD.end_time, OLD.end_reason, OLD.tenant, OLD.requester_id, OLD.requester_email)
        IS DISTINCT FROM
        (NEW.status, NEW.start_time, NEW.end_time, NEW.end_reason, NEW.tenant, NEW.requester_id, NEW.requester_email))
      EXECUTE FUNCTION session_rollups_track();

    -- Recounts everything in one pass: for existing grants now, and for bulk loads (bench/seed-audit.ts) that load
    -- with the trigger off. The same rules as session_rollups_apply, set-based; a test holds the two equal.
    CREATE FUNCTION session_rollups_rebuild() RETURNS void LANGUAGE sql AS $$
      DELETE FROM session_rollups;
      INSERT INTO session_rollups (tenant, dimension, bucket, sessions, ended_sessions, duration_ms)
      SELECT k.tenant, k.dimension, k.bucket, count(*), count(*) FILTER (WHERE g.status = 'ENDED'),
        coalesce(sum(round(extract(epoch FROM g.end_time - g.start_time) * 1000)::bigint)
          FILTER (WHERE g.status = 'ENDED'), 0)
      FROM grants g
      CROSS JOIN LATERAL (VALUES
        (coalesce(g.requester_email, g.requester_id), to_char(g.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
          CASE WHEN g.status = 'ENDED' THEN g.end_reason ELSE g.status END)
      ) AS v(admin, day, state)
      CROSS JOIN LATERAL (VALUES
        (g.tenant, 'admin', v.admin), (g.tenant, 'day', v.day), (g.tenant, 'state', v.state),
        ('*', 'admin', v.admin), ('*', 'day', v.day), ('*', 'state', v.state)
      ) AS k(tenant, dimension, bucket)
      WHERE g.start_time IS NOT NULL
      GROUP BY k.tenant, k.dimension, k.bucket;
    $$;
    SELECT session_rollups_rebuild();

    -- The sessions pages of one tenant, newest first, with the id as tie-breaker (keyset and offset alike).
    CREATE INDEX grants_tenant_sessions ON grants (tenant, start_time DESC, id DESC) WHERE start_time IS NOT NULL;
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP INDEX grants_tenant_sessions;
    DROP TRIGGER grants_session_rollups_update ON grants;
    DROP TRIGGER grants_session_rollups ON grants;
    DROP FUNCTION session_rollups_rebuild();
    DROP FUNCTION session_rollups_track();
    DROP FUNCTION session_rollups_apply(grants, integer);
    DROP TABLE session_rollups;
  `);
}
