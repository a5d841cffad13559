import type { MigrationContext } from '../src/db/migrator.ts';

/**
 * Exactly-once posting across replicas (issue 7). `schedule_runs` holds one row per scheduled run and period (the
 * weekly digest of 2026-W43, the anomaly scan fired at 10:00), `posted_findings` one row per anomaly finding key.
 * Whoever inserts the row posts; a claim left unfinished past its timeout (a poster that crashed) is taken over by
 * a conditional UPDATE. Plus the indexes the digest and the anomaly scan read by.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    CREATE TABLE schedule_runs (
      kind text NOT NULL,
      period text NOT NULL,
      status text NOT NULL CHECK (status IN ('claimed', 'done', 'failed')),
      claimed_by text NOT NULL,
      claimed_at timestamptz NOT NULL,
      finished_at timestamptz,
      attempts integer NOT NULL DEFAULT 1,
      -- What the run produced (message ts, file ids, counts): what an operator asking "was it posted?" wants to see.
      details jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (kind, period)
    );

    CREATE TABLE posted_findings (
      key text PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('claimed', 'done', 'failed')),
      claimed_by text NOT NULL,
      claimed_at timestamptz NOT NULL,
      finished_at timestamptz,
      attempts integer NOT NULL DEFAULT 1,
      details jsonb NOT NULL DEFAULT '{}'
    );

    -- The anomaly scan and the digest read a period's grants, approvals, uses and actions by time, each table on its
    -- own (a probe per grant into the others costs more than reading the period's rows, which lie together on disk
    -- since rows are written in time order); the digest counts denials and lapses by decision time.
    CREATE INDEX grants_requested ON grants (requested_at);
    CREATE INDEX grants_refused_decided ON grants (decided_at) WHERE status IN ('DENIED', 'LAPSED');
    CREATE INDEX grant_approvals_approved ON grant_approvals (approved_at);
    CREATE INDEX grant_uses_used ON grant_uses (used_at);
    CREATE INDEX grant_actions_recorded ON grant_actions (recorded_at);
  `);
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.sequelize.query(`
    DROP INDEX grant_actions_recorded;
    DROP INDEX grant_uses_used;
    DROP INDEX grant_approvals_approved;
    DROP INDEX grants_refused_decided;
    DROP INDEX grants_requested;
    DROP TABLE posted_findings;
    DROP TABLE schedule_runs;
  `);
}
