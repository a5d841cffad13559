/**
 * bench/digest: the weekly digest and the anomaly scan at size, on a dedicated database seeded with SQL
 * generate_series.
 *
 *   npm run bench:digest -- [--week-sessions 100000] [--sessions 1000000] [--database grantdesk_bench_digest]
 *                           [--reuse] [--whole-year]
 *
 * The database is dropped and created afresh, migrated, and seeded with --sessions sessions (grants that became
 * ACTIVE, each with its approval; 95% used, 30% with an action), --week-sessions of them on the weekdays of one ISO
 * week (the bench week, two weeks ago in Europe/Paris) and the rest over the year before it, mostly in business
 * hours, on 20,000 tenants by 5,000 admins; plus 5,000 denials, 5,000 lapses and 2,000 ACCESS_REFUSED events. Grant
 * triggers (the stats rollups) are disabled while seeding: they are not what is measured and slow seeding tenfold.
 *
 * Measured:
 * 1. Digest, one hour after the bench week: runDigest for it end to end (claim, SQL aggregates, anomaly rules over the week, chain head,
 *    CSV of every session, chart rendered to PNG, DIGEST_POSTED recorded), posting to an in-memory poster; and
 *    buildDigest alone. Target: under 5 s.
 * 2. Anomaly scan, on the bench week's Friday at 20:00: scanAnomalies as ANOMALY_CRON runs it (the last 24 h, with 30 days of history for the windowed
 *    rules) over the table of --sessions sessions. Target: under 10 s. With --whole-year, also every rule over the
 *    whole year at once (all sessions loaded into memory: not something Grantdesk does, a stress figure).
 * Baselines, in the same run: `SELECT count(*)` over the same grants table (a plain full scan of the same rows), and
 * for the digest also a plain `SELECT *` of the week's sessions into Node; the figures as ratios of them. Node's CPU
 * time is printed too: on a shared machine it is the part other processes cannot inflate.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { buildDigest } from '../src/app/build-digest.ts';
import { CLAIM_TIMEOUT_MS, createComplianceServices, SCAN_LOOKBACK_MS } from '../src/app/compliance-services.ts';
import { AnomalyQueries } from '../src/db/anomaly-queries.ts';
import { AuditQueries } from '../src/db/audit-store.ts';
import { createSequelize } from '../src/db/database.ts';
import { DigestQueries } from '../src/db/digest-queries.ts';
import { migrateUp } from '../src/db/migrator.ts';
import { digestFiles } from '../src/digest/digest-files.ts';
import { DEFAULT_ANOMALY_THRESHOLDS, longestWindowMs } from '../src/domain/anomaly/anomaly-thresholds.ts';
import { detectAnomalies } from '../src/domain/anomaly/detect-anomalies.ts';
import { addWeeks, formatIsoWeek, isoWeekRange, weekToReport } from '../src/domain/iso-week.ts';
import type { CompliancePoster } from '../src/domain/ports.ts';
import { randomIds } from '../src/system-clock.ts';
import { printRunEnd, printRunStart } from './run-header.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'grantdesk_bench_digest' },
    sessions: { type: 'string', default: '1000000' },
    'week-sessions': { type: 'string', default: '100000' },
    'whole-year': { type: 'boolean', default: false },
    /** Keep the database of an earlier run (same sizes) instead of seeding afresh: seeding takes minutes. */
    reuse: { type: 'boolean', default: false },
  },
});
const DATABASE = String(values.database);
const SESSIONS = Number(values.sessions);
const WEEK_SESSIONS = Number(values['week-sessions']);
if (!/^[a-z_][a-z0-9_]*$/.test(DATABASE)) throw new Error('--database: lower-case letters, digits and _ only');
if (!(WEEK_SESSIONS > 0 && SESSIONS >= WEEK_SESSIONS)) throw new Error('--sessions must be at least --week-sessions');

const TIME_ZONE = 'Europe/Paris';
const DAY_MS = 86_400_000;
const WEEK = addWeeks(weekToReport(new Date(), TIME_ZONE), -1);
const RANGE = isoWeekRange(WEEK, TIME_ZONE);
const NOW = new Date(RANGE.end.getTime() + 3_600_000);
const settings = {
  timeZone: TIME_ZONE,
  businessHours: { days: [1, 2, 3, 4, 5], startMinute: 8 * 60, endMinute: 19 * 60 },
  maxDurationMs: 8 * 3_600_000,
  thresholds: DEFAULT_ANOMALY_THRESHOLDS,
  scanLookbackMs: SCAN_LOOKBACK_MS,
  claimTimeoutMs: CLAIM_TIMEOUT_MS,
};

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** Wall time, and this process's CPU time (user + system): the part other processes on the machine cannot inflate. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/** Creates the database afresh; false when --reuse found it already there. */
async function createDatabase(): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (values.reuse && exists.rowCount) return false;
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    return true;
  } finally {
    await admin.end();
  }
}

/**
 * Sessions `first`..`last` (numbering keeps short codes unique) over `days` days from $1: sessions of day `d` start
 * during business hours (08:00–19:00 from $1's midnight) but one in a hundred at any hour. One in 50 is still ACTIVE,
 * the rest ended NORMAL, EXPIRED or FORCED after 5–34 minutes. Admins, tickets and approvers are drawn by hash from
 * 5,000 staff, 200,000 tickets and 50 approvers; a ticket belongs to one of 20,000 tenants. Each session acts as a user
 * of its own, as a staff member's open grants must (one per tenant and user).
 */
function sessionsSql(first: number, last: number, days: number, weekdaysOnly: boolean): string {
  const count = last - first + 1;
  const day = weekdaysOnly ? `((i - ${first}) % 5)` : `((i - ${first})::bigint * ${days} / ${count})`;
  return `
    INSERT INTO grants (id, short_code, requester_id, requester_email, tenant, target_user, reason, ticket_key, ticket,
      requested_duration_ms, status, requested_at, decided_at, decided_by, start_time, expires_at, end_time,
      end_reason, ip_address, user_agent, expiry_version)
    SELECT gen_random_uuid(), 'B-' || i, 'U' || lpad(staff::text, 6, '0'), 'staff' || staff || '@example.test',
      'tenant-' || ticket % 20000, 'user-' || i || '@example.test', 'Benchmark session for the weekly digest',
      'OPS-' || ticket, '{}'::jsonb, 1800000, CASE WHEN i % 50 = 0 THEN 'ACTIVE' ELSE 'ENDED' END,
      t - interval '2 minutes', t, 'UAPPROVER' || abs(hashtext('a' || i)) % 50, t, t + interval '30 minutes',
      CASE WHEN i % 50 = 0 THEN NULL ELSE t + ((5 + i % 30) * interval '1 minute') END,
      CASE WHEN i % 50 = 0 THEN NULL WHEN i % 10 < 7 THEN 'NORMAL' WHEN i % 10 < 9 THEN 'EXPIRED' ELSE 'FORCED' END,
      '10.0.' || (i % 250) || '.' || (i % 200), 'Console/1.0', 1
    FROM generate_series(${first}, ${last}) AS i,
      LATERAL (SELECT abs(hashtext('s' || i)) % 5000 AS staff, abs(hashtext('t' || i)) % 200000 AS ticket) AS who,
      LATERAL (SELECT $1::timestamptz + ${day} * interval '1 day' + (CASE WHEN i % 100 = 0 THEN (i * 13) % 1440
        ELSE 480 + (i::bigint * 7919) % 660 END) * interval '1 minute' AS t) AS at`;
}

async function seed(sequelize: ReturnType<typeof createSequelize>): Promise<void> {
  const query = (sql: string, bind: unknown[] = []) => sequelize.query(sql, { bind });
  await query('ALTER TABLE grants DISABLE TRIGGER USER');
  const spread = SESSIONS - WEEK_SESSIONS;
  const yearStart = new Date(RANGE.start.getTime() - 365 * DAY_MS);
  if (spread > 0) await query(sessionsSql(1, spread, 365, false), [yearStart]);
  await query(sessionsSql(spread + 1, SESSIONS, 5, true), [RANGE.start]);
  // Denials and lapses, through the year and the week alike.
  await query(
    `INSERT INTO grants (id, short_code, requester_id, tenant, reason, ticket_key, ticket, requested_duration_ms, status,
       requested_at, decided_at, decided_by, expiry_version)
     SELECT gen_random_uuid(), 'D-' || i, 'U' || lpad((i % 400)::text, 6, '0'), 'tenant-' || (i % 2000),
       'Benchmark request', 'OPS-' || (i % 50000), '{}'::jsonb, 1800000, CASE WHEN i % 2 = 0 THEN 'DENIED' ELSE 'LAPSED' END,
       t, t + interval '3 minutes', 'UAPPROVER' || (i % 25), 0
     FROM generate_series(1, 10000) AS i,
       LATERAL (SELECT $1::timestamptz + (i * interval '52 minutes') AS t) AS at`,
    [new Date(RANGE.end.getTime() - 10_000 * 52 * 60_000)],
  );
  await query('ALTER TABLE grants ENABLE TRIGGER USER');
  await query(`INSERT INTO grant_approvals (grant_id, approver_id, approved_at)
    SELECT id, decided_by, decided_at FROM grants WHERE start_time IS NOT NULL`);
  await query(`INSERT INTO grant_uses (grant_id, used_at, ip_address, user_agent)
    SELECT id, start_time + interval '1 minute', ip_address, user_agent FROM grants
    WHERE start_time IS NOT NULL AND abs(hashtext(id::text)) % 20 <> 0`);
  await query(`INSERT INTO grant_actions (grant_id, recorded_at, action, actor)
    SELECT id, start_time + interval '2 minutes', 'Opened billing settings', requester_id FROM grants
    WHERE start_time IS NOT NULL AND abs(hashtext('action' || id::text)) % 10 < 3`);
  // Refused uses on ended sessions of the bench week and its day after. The chain of these rows is not valid (the
  // hashes are placeholders): nothing here verifies it, and the digest only reads the head.
  await query(
    `INSERT INTO audit_events (seq, id, occurred_at, type, severity, actor, tenant, grant_id, details, prev_hash, hash)
     SELECT row_number() OVER (), gen_random_uuid(), g.end_time + interval '1 hour', 'ACCESS_REFUSED', 'HIGH',
       jsonb_build_object('kind', 'staff', 'id', g.requester_id), g.tenant, g.id,
       jsonb_build_object('attempted', 'use', 'code', 'grant_not_active'), repeat('0', 64), repeat('1', 64)
     FROM (SELECT * FROM grants WHERE status = 'ENDED' AND start_time >= $1 ORDER BY start_time DESC LIMIT 2000) AS g`,
    [RANGE.start],
  );
  await query(`UPDATE audit_chain SET head_seq = (SELECT max(seq) FROM audit_events), head_hash = repeat('1', 64)`);
  await query('VACUUM ANALYZE');
}

/** Stands in for Slack: keeps what would be posted, so the figures are Grantdesk's own time. */
function recordingPoster(): CompliancePoster & { bytes: number; alerts: number } {
  const poster = {
    bytes: 0,
    alerts: 0,
    async postDigest(_digest: unknown, files: { content: Uint8Array }[]) {
      poster.bytes = files.reduce((sum, file) => sum + file.content.length, 0);
      return { channelId: 'C0BENCH', messageTs: '1.000001', fileIds: files.map((_, i) => `F${i}`) };
    },
    async postAlert(findings: unknown[]) {
      poster.alerts += findings.length;
      return { channelId: 'C0BENCH', messageTs: '1.000002' };
    },
  };
  return poster;
}

async function main(): Promise<void> {
  printRunStart('digest');
  console.log(
    `bench/digest: ${SESSIONS.toLocaleString('en')} sessions, ${WEEK_SESSIONS.toLocaleString('en')} in ${formatIsoWeek(WEEK)} (${TIME_ZONE})`,
  );
  const fresh = await createDatabase();
  const sequelize = createSequelize(databaseUrl, undefined, 10);
  try {
    await migrateUp(sequelize);
    const seeded = await timed(async () => {
      if (fresh) await seed(sequelize);
      else await sequelize.query('DELETE FROM schedule_runs; DELETE FROM posted_findings');
    });
    const [{ count: grants } = { count: 0 }] = await sequelize.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM grants',
      { type: QueryTypes.SELECT },
    );
    console.log(`${fresh ? 'seeded' : 'reused'} ${grants.toLocaleString('en')} grants in ${seconds(seeded.ms)}`);

    // Baseline: the same rows, scanned plainly. Run twice: the first warms the cache for both sides.
    const countAll = () => sequelize.query('SELECT count(*) FROM grants', { type: QueryTypes.SELECT });
    await countAll();
    const baseline = await timed(countAll);
    console.log(`baseline  SELECT count(*) FROM grants (${grants.toLocaleString('en')} rows): ${seconds(baseline.ms)}`);
    const ratio = (ms: number) => `${(ms / baseline.ms).toFixed(1)}× baseline`;
    // A second yardstick for the digest: merely reading the week's session rows into Node.
    const readWeek = () =>
      sequelize.query('SELECT * FROM grants WHERE start_time >= $1 AND start_time < $2', {
        bind: [RANGE.start, RANGE.end],
        type: QueryTypes.SELECT,
      });
    await readWeek();
    const weekRead = await timed(readWeek);
    console.log(
      `baseline  SELECT * of the week's sessions into Node (${WEEK_SESSIONS.toLocaleString('en')} rows): ${seconds(weekRead.ms)}`,
    );

    const poster = recordingPoster();
    const clock = { now: () => NOW };
    const compliance = createComplianceServices({ sequelize, poster, clock, ids: randomIds, settings, owner: 'bench' });
    const buildDeps = {
      stats: new DigestQueries(sequelize),
      anomalies: new AnomalyQueries(sequelize),
      chain: new AuditQueries(sequelize),
      settings,
    };

    for (const attempt of [1, 2, 3]) {
      const run = await timed(() => compliance.runDigest({ week: WEEK, force: attempt > 1 }));
      // The parts on their own, one after the other: what the end-to-end run overlaps.
      const built = await timed(() => buildDigest(buildDeps, { week: WEEK, now: NOW }));
      const listed = await timed(() => buildDeps.stats.sessions(RANGE));
      const files = await timed(async () => digestFiles(built.result, listed.result));
      console.log(
        `digest    run ${attempt}: ${seconds(run.ms)} (${ratio(run.ms)}, ${(run.ms / weekRead.ms).toFixed(1)}× reading the week; ` +
          `Node CPU ${seconds(run.cpuMs)}) end to end, ${built.result.sessions.toLocaleString('en')} sessions, ` +
          `${built.result.anomalies.length} anomalies, files ${(poster.bytes / 1e6).toFixed(1)} MB; parts: buildDigest ` +
          `${seconds(built.ms)}, sessions for the CSV ${seconds(listed.ms)}, CSV + PNG ${seconds(files.ms)}`,
      );
    }

    // The scan runs on Friday evening of the bench week, so its last 24 hours hold a busy day.
    const scanClock = { now: () => new Date(RANGE.start.getTime() + 4 * DAY_MS + 20 * 3_600_000) };
    const scanner = createComplianceServices({
      sequelize,
      poster,
      clock: scanClock,
      ids: randomIds,
      settings,
      owner: 'bench',
    });
    const scanFrom = scanClock.now().getTime() - SCAN_LOOKBACK_MS - longestWindowMs(settings.thresholds);
    const [{ read } = { read: 0 }] = await sequelize.query<{ read: number }>(
      'SELECT count(*)::int AS read FROM grants WHERE requested_at >= $1 AND requested_at < $2',
      { bind: [new Date(scanFrom), scanClock.now()], type: QueryTypes.SELECT },
    );
    for (const attempt of [1, 2]) {
      const scan = await timed(() => scanner.scanAnomalies({}));
      const outcome = scan.result.outcome === 'scanned' ? scan.result : { found: 0, posted: 0 };
      console.log(
        `scan      run ${attempt}: ${seconds(scan.ms)} (${ratio(scan.ms)}; Node CPU ${seconds(scan.cpuMs)}), last ${SCAN_LOOKBACK_MS / 3_600_000} h over ` +
          `${grants.toLocaleString('en')} grants (${read.toLocaleString('en')} of them in its windows read): ` +
          `${outcome.found} findings, ${outcome.posted} posted`,
      );
    }

    if (values['whole-year']) {
      const whole = await timed(async () => {
        const from = new Date(RANGE.start.getTime() - 366 * DAY_MS);
        const loadFrom = new Date(from.getTime() - longestWindowMs(settings.thresholds));
        const input = await buildDeps.anomalies.scanInput(loadFrom, { from, to: NOW });
        return { loaded: input.grants.length, findings: detectAnomalies(input, { ...settings, from, to: NOW }).length };
      });
      console.log(
        `scan      whole year at once: ${seconds(whole.ms)} (${ratio(whole.ms)}), ${whole.result.loaded.toLocaleString('en')} ` +
          `grants loaded, ${whole.result.findings} findings`,
      );
    }
    console.log(`targets: digest < 5 s, scan < 10 s; rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
    printRunEnd();
  } finally {
    await sequelize.close();
  }
}

await main();
