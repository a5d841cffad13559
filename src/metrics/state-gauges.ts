import { Gauge, type Registry } from 'prom-client';
import { QueryTypes, type Sequelize } from 'sequelize';

/** What a scrape reads: Postgres for the state of grants, outbox, audit chain and digest; the queues for their jobs. */
export interface StateSources {
  sequelize: Sequelize;
  /** Job counts per queue by state; absent in a process that runs no queues. */
  queueCounts?: () => Promise<Record<string, Record<string, number>>>;
}

interface StateRow {
  grants: Record<string, number> | null;
  outbox_unsent: number;
  outbox_oldest_age: number | null;
  expiry_overdue: number;
  expiry_lateness: number | null;
  head_seq: number;
  digest_posted_at: number | null;
}

/**
 * One query per scrape for every Postgres gauge (index-backed counts; `grants` is grouped by status), and one
 * getJobCounts per queue: a scrape every 15 s costs the database next to nothing.
 */
const STATE_QUERY = `
  SELECT
    (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM grants GROUP BY status) s) AS grants,
    (SELECT count(*)::int FROM outbox WHERE sent_at IS NULL) AS outbox_unsent,
    (SELECT extract(epoch FROM now() - min(created_at))::float FROM outbox WHERE sent_at IS NULL) AS outbox_oldest_age,
    (SELECT count(*)::int FROM grants WHERE status = 'ACTIVE' AND expires_at < now()) AS expiry_overdue,
    (SELECT extract(epoch FROM now() - min(expires_at))::float FROM grants
      WHERE status = 'ACTIVE' AND expires_at < now()) AS expiry_lateness,
    (SELECT head_seq::float FROM audit_chain WHERE id = 1) AS head_seq,
    (SELECT extract(epoch FROM max(finished_at))::float FROM schedule_runs
      WHERE kind = 'weekly-digest' AND status = 'done') AS digest_posted_at`;

const GRANT_STATUSES = ['PENDING', 'ACTIVE', 'DENIED', 'CANCELLED', 'LAPSED', 'ENDED'];

/** Registers the scrape-time gauges on `registry`; each scrape reads the sources once for all of them. */
export function registerStateGauges(registry: Registry, sources: StateSources): void {
  let reading: Promise<{ row: StateRow; queues: Record<string, Record<string, number>> }> | null = null;
  // The gauges' collect() calls run together in one scrape: they share one read.
  const read = () => {
    reading ??= (async () => {
      const [row] = await sources.sequelize.query<StateRow>(STATE_QUERY, { type: QueryTypes.SELECT });
      const queues = sources.queueCounts ? await sources.queueCounts().catch(() => ({})) : {};
      return { row: row as StateRow, queues };
    })().finally(() => setImmediate(() => (reading = null)));
    return reading;
  };
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (g: Gauge, state: Awaited<ReturnType<typeof read>>) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        fill(this, await read());
      },
    });
  gauge('grantdesk_grants', 'Grants by status', ['status'], (g, { row }) => {
    for (const status of GRANT_STATUSES) g.set({ status }, row.grants?.[status] ?? 0);
  });
  gauge('grantdesk_outbox_unsent', 'Outbox rows not yet handed to the queues', [], (g, { row }) =>
    g.set(row.outbox_unsent),
  );
  gauge(
    'grantdesk_outbox_oldest_unsent_age_seconds',
    'Age of the oldest unsent outbox row (0 when none)',
    [],
    (g, { row }) => g.set(row.outbox_oldest_age ?? 0),
  );
  gauge('grantdesk_expiry_overdue_grants', 'ACTIVE grants past their expiresAt (should be 0)', [], (g, { row }) =>
    g.set(row.expiry_overdue),
  );
  gauge(
    'grantdesk_expiry_lateness_seconds',
    'How far past expiresAt the most overdue ACTIVE grant is (0 when none)',
    [],
    (g, { row }) => g.set(row.expiry_lateness ?? 0),
  );
  gauge('grantdesk_audit_chain_head_seq', 'Seq of the audit chain head', [], (g, { row }) => g.set(row.head_seq ?? 0));
  gauge(
    'grantdesk_digest_last_posted_timestamp_seconds',
    'When the last weekly digest was posted (0 when never)',
    [],
    (g, { row }) => g.set(row.digest_posted_at ?? 0),
  );
  gauge(
    'grantdesk_queue_jobs',
    'Jobs per queue by state (waiting, delayed, active, failed)',
    ['queue', 'state'],
    (g, { queues }) => {
      for (const [queue, counts] of Object.entries(queues)) {
        for (const state of ['waiting', 'delayed', 'active', 'failed']) g.set({ queue, state }, counts[state] ?? 0);
      }
    },
  );
}
