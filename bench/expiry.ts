/**
 * bench/expiry: how exactly Grantdesk ends grants that all fall due at once.
 *
 * For each backend (Redis, BullMQ's Postgres backend) and each number of `grantdesk worker` processes (1, 3): seed G
 * ACTIVE grants whose expiries are spread evenly over one second (straight into Postgres with their expiry outbox
 * rows, see test/support/seed-active-grants.ts), start the workers, and wait until every grant has ended. Lateness
 * is endTime − expiresAt per grant. Beside it, in the same run and on the same machine, the same number of bare
 * BullMQ workers (bench/noop-worker.ts, same plumbing and concurrency) run G no-op delayed jobs due the same way;
 * its lateness is finishedOn − due time. The ratio shows what Grantdesk's work per expiry costs over BullMQ itself.
 *
 *   npm run bench:expiry -- [--grants 10000] [--workers 1,3] [--backends redis,postgres] [--lead 20]
 *
 * Postgres: DATABASE_URL (a server where it may create and drop databases), else postgres://postgres@127.0.0.1:5432.
 * Redis: REDIS_URL, else redis://127.0.0.1:6379 (the Redis runs are skipped when none answers).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openQueueBackend } from '../jobs/open-queue-backend.ts';
import { QueueNames } from '../jobs/queue-names.ts';
import { WORKER_SETTINGS } from '../jobs/start-workers.ts';
import { createSequelize } from '../src/db/database.ts';
import { migrateUp } from '../src/db/migrator.ts';
import { createLogger } from '../src/logger.ts';
import { deleteKeysUnder } from '../test/support/delete-keys-under.ts';
import { seedActiveGrants } from '../test/support/seed-active-grants.ts';
import { withPostgresClient } from '../test/support/test-services.ts';
import { WorkerFleet } from '../test/support/worker-fleet.ts';
import { redisAnswers } from './redis-answers.ts';
import { printRunEnd, printRunStart } from './run-header.ts';

type Backend = 'redis' | 'postgres';

interface Figures {
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** Ended per second, from the first due time to the last end. */
  throughput: number;
  /** Share that ended within 5 s of its due time (the target). */
  within5s: number;
  /** Grants that ended more than once, or not at all (must be 0). */
  wrong: number;
  seconds: number;
}

const { values } = parseArgs({
  options: {
    grants: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1,3' },
    backends: { type: 'string', default: 'redis,postgres' },
    lead: { type: 'string', default: '20' },
  },
});
const GRANTS = Number(values.grants);
const WORKER_COUNTS = String(values.workers).split(',').map(Number);
const BACKENDS = String(values.backends).split(',') as Backend[];
/** Seconds between seeding and the due second: long enough for the relays to enqueue every job first. */
const LEAD_S = Number(values.lead);
/** Workers start before the grants are seeded, so a slow start (tsx on a loaded machine) costs no lateness. */
const START_TIMEOUT_MS = 5 * 60_000;
/** Give up on a run after this long. */
const RUN_TIMEOUT_MS = 15 * 60_000;
const EXPIRY_CONCURRENCY = WORKER_SETTINGS[QueueNames.expiry]?.concurrency ?? 1;

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('warn');

async function main(): Promise<void> {
  printRunStart('expiry', [
    `--grants ${GRANTS}`,
    `--workers ${WORKER_COUNTS.join(',')}`,
    `--backends ${BACKENDS.join(',')}`,
    `--lead ${LEAD_S}`,
  ]);
  const redisUp = await redisAnswers(redisUrl);
  const rows: string[] = [];
  for (const backend of BACKENDS) {
    if (backend === 'redis' && !redisUp) {
      console.log(`# skipped the Redis runs: nothing answered at ${redisUrl}`);
      continue;
    }
    for (const workers of WORKER_COUNTS) {
      const grantdesk = await runGrantdesk(backend, workers);
      const baseline = await runBaseline(backend, workers);
      const row = [
        backend,
        workers,
        fmt(grantdesk),
        fmt(baseline),
        `${ratio(grantdesk.p50, baseline.p50)} / ${ratio(grantdesk.p99, baseline.p99)} / ${ratio(grantdesk.max, baseline.max)}`,
        ratio(baseline.throughput, grantdesk.throughput),
        `${(grantdesk.within5s * 100).toFixed(1)}%`,
        grantdesk.wrong === 0 ? 'yes' : `NO (${grantdesk.wrong} wrong)`,
      ].join(' | ');
      rows.push(`| ${row} |`);
      console.log(`| ${row} |`);
    }
  }
  console.log('');
  console.log(`## ${GRANTS} grants due within one second`);
  console.log('');
  console.log(
    '| backend | workers | Grantdesk lateness p50 / p99 / max (ms), throughput/s | bare BullMQ no-op, same | lateness ratio p50 / p99 / max | throughput ratio (BullMQ ÷ Grantdesk) | ended within 5 s | exactly once |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log('');
  printRunEnd();
}

async function runGrantdesk(backend: Backend, workers: number): Promise<Figures> {
  const db = await createDatabase();
  const prefix = `gdbench-${randomBytes(3).toString('hex')}`;
  const fleet = await WorkerFleet.start({
    count: workers,
    databaseUrl: db.url,
    redisUrl: backend === 'redis' ? redisUrl : null,
    prefix,
    env: { LOG_LEVEL: 'info' },
    readyTimeoutMs: START_TIMEOUT_MS,
  }).catch(async (error: unknown) => {
    await cleanUp(db, backend, prefix);
    throw error;
  });
  try {
    const now = Date.now();
    const dueSecond = Math.ceil(now / 1_000) * 1_000 + LEAD_S * 1_000;
    const ids = await seedActiveGrants(db.query, {
      count: GRANTS,
      startTime: new Date(now - 3_600_000),
      expiresAt: (i) => new Date(dueSecond + Math.floor((i * 1_000) / GRANTS)),
      chunk: 2_000,
    });
    const seededAt = Date.now();
    if (seededAt >= dueSecond) throw new Error(`seeding took ${seededAt - now} ms: raise --lead`);
    await waitFor(async () => {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM grants WHERE status = 'ACTIVE'", []);
      return rows[0]?.n === 0;
    }, `the ${backend} x${workers} run to end every grant`);
    const { rows } = await db.query(
      `WITH l AS (SELECT extract(epoch FROM end_time - expires_at) * 1000 AS ms, end_time, expires_at
                    FROM grants WHERE id = ANY($1))
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max,
              count(*) FILTER (WHERE ms <= 5000)::float / count(*) AS within5s,
              extract(epoch FROM max(end_time) - min(expires_at)) AS seconds FROM l`,
      [ids],
    );
    const { rows: wrong } = await db.query(
      `SELECT count(*)::int AS n FROM (SELECT g.id FROM grants g
          LEFT JOIN audit_events e ON e.grant_id = g.id AND e.type = 'IMPERSONATION_END'
         WHERE g.id = ANY($1) GROUP BY g.id
        HAVING count(e.seq) <> 1 OR bool_or(g.end_reason IS DISTINCT FROM 'EXPIRED')) x`,
      [ids],
    );
    const r = rows[0] as Record<string, number>;
    return {
      p50: Math.round(Number(r.p50)),
      p99: Math.round(Number(r.p99)),
      max: Math.round(Number(r.max)),
      seconds: Number(r.seconds),
      throughput: GRANTS / Math.max(Number(r.seconds), 1),
      within5s: Number(r.within5s),
      wrong: wrong[0]?.n ?? -1,
    };
  } finally {
    await fleet.stop();
    await cleanUp(db, backend, prefix);
  }
}

async function runBaseline(backend: Backend, workers: number): Promise<Figures> {
  const db = await createDatabase();
  const prefix = `gdbench-${randomBytes(3).toString('hex')}`;
  const queueName = 'bench-noop';
  const fleet = await WorkerFleet.start({
    count: workers,
    databaseUrl: db.url,
    redisUrl: backend === 'redis' ? redisUrl : null,
    prefix,
    args: ['--import', 'tsx', 'bench/noop-worker.ts'],
    env: { BENCH_QUEUE: queueName, BENCH_CONCURRENCY: String(EXPIRY_CONCURRENCY) },
    readyTimeoutMs: START_TIMEOUT_MS,
  }).catch(async (error: unknown) => {
    await cleanUp(db, backend, prefix);
    throw error;
  });
  const producer = await openQueueBackend({
    redisUrl: backend === 'redis' ? redisUrl : undefined,
    databaseUrl: db.url,
    prefix,
    logger,
  });
  const queue = producer.createQueue(queueName, { removeOnComplete: false });
  try {
    const now = Date.now();
    const dueSecond = Math.ceil(now / 1_000) * 1_000 + LEAD_S * 1_000;
    for (let from = 0; from < GRANTS; from += 1_000) {
      const at = Date.now();
      const jobs = Array.from({ length: Math.min(1_000, GRANTS - from) }, (_, j) => {
        const dueAt = dueSecond + Math.floor(((from + j) * 1_000) / GRANTS);
        return { name: 'noop', data: { dueAt }, opts: { jobId: `noop.${from + j}`, delay: dueAt - at } };
      });
      await queue.addBulk(jobs);
    }
    await waitFor(async () => (await queue.getJobCounts('completed')).completed === GRANTS, 'the no-op jobs');
    const done = await queue.getJobs(['completed'], 0, -1);
    const late = done.map((job) => (job.finishedOn ?? 0) - Number(job.data.dueAt)).sort((a, b) => a - b);
    const seconds = (Math.max(...done.map((job) => job.finishedOn ?? 0)) - dueSecond) / 1_000;
    return {
      p50: late[Math.floor(late.length * 0.5)] ?? 0,
      p99: late[Math.floor(late.length * 0.99)] ?? 0,
      max: late[late.length - 1] ?? 0,
      seconds,
      throughput: GRANTS / Math.max(seconds, 1),
      within5s: late.filter((ms) => ms <= 5_000).length / late.length,
      wrong: GRANTS - done.length,
    };
  } finally {
    await queue.close();
    await producer.close();
    await fleet.stop();
    await cleanUp(db, backend, prefix);
  }
}

interface BenchDatabase {
  url: string;
  name: string;
  query(sql: string, params: unknown[]): Promise<pg.QueryResult>;
  close(): Promise<void>;
}

async function createDatabase(): Promise<BenchDatabase> {
  const name = `grantdesk_bench_${randomBytes(4).toString('hex')}`;
  await withPostgresClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sequelize = createSequelize(url.toString());
  await migrateUp(sequelize);
  await sequelize.close();
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return { url: url.toString(), name, query: (sql, params) => pool.query(sql, params), close: () => pool.end() };
}

async function cleanUp(db: BenchDatabase, backend: Backend, prefix: string): Promise<void> {
  await db.close();
  await withPostgresClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`));
  if (backend === 'redis') await deleteKeysUnder(redisUrl, prefix);
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function fmt(f: Figures): string {
  return `${f.p50} / ${f.p99} / ${f.max}, ${Math.round(f.throughput)}/s`;
}

function ratio(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a';
}

await main();
