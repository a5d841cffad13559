/**
 * Seeds a database for bench/audit: S sessions (grants that became ACTIVE, with their approval and an action on
 * every fifth) and E audit events, properly hash-chained so `grantdesk audit verify` passes on the result.
 *
 *   npm run bench:seed-audit -- [--sessions 1000000] [--events 5000000] [--database grantdesk_bench] [--verify]
 *
 * Sessions start evenly over the last two years (the last 50 are still ACTIVE), on 50 tenants, by 200 admins, 70%
 * ending NORMAL, 20% EXPIRED, 10% FORCED. Each session has E/S events in time order (requested, approval, start,
 * use, end, then actions); the chain is computed here with the same hashOf as AuditStore and written in batches of
 * multi-row `INSERT … SELECT FROM unnest(…)` (pg has no COPY without an extra package), the next batch hashed while
 * the last is written. Grants go in the same way, with the session-rollup triggers off; the rollups are then recounted
 * in one pass. Baseline, in the same run: Postgres copying the first (up to) 100,000 seeded events into a table of
 * the same shape (`INSERT … SELECT`, no client, no hashing), and the seed's event rate as a ratio of it.
 * Postgres: DATABASE_URL (a server where it may create databases), else postgres://postgres@127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { verifyAuditChain } from '../src/app/verify-audit-chain.ts';
import { AuditQueries } from '../src/db/audit-store.ts';
import { createSequelize } from '../src/db/database.ts';
import { migrateUp } from '../src/db/migrator.ts';
import { GENESIS_HASH, hashOf } from '../src/domain/audit-chain.ts';
import type { AuditEvent, AuditEventType } from '../src/domain/audit-event.ts';
import { severityOf } from '../src/domain/audit-event.ts';
import { printRunEnd, printRunStart, ratioOf } from './run-header.ts';
import { insertEvents, insertGrants } from './seed-audit-inserts.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1000000' },
    events: { type: 'string', default: '5000000' },
    database: { type: 'string', default: 'grantdesk_bench' },
    verify: { type: 'boolean', default: false },
  },
});
const SESSIONS = Number(values.sessions);
const EVENTS = Number(values.events);
const DATABASE = String(values.database);
const PER_SESSION = EVENTS / SESSIONS;
if (!Number.isInteger(PER_SESSION) || PER_SESSION < 1)
  throw new Error('--events must be a whole multiple of --sessions');
if (SESSIONS >= 2 ** 30) throw new Error('--sessions: at most 2^30 (short codes are 30 bits)');

const MINUTE = 60_000;
const TENANTS = 50;
const ADMINS = 200;
const ACTIVE_AT_END = 50;
const SPAN_MS = 730 * 24 * 60 * MINUTE;
const NOW = Date.now();
const FIRST_START = NOW - SPAN_MS - 60 * MINUTE;

export function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
export function benchUrl(database = DATABASE): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Session i, derived from i alone so grants and events agree without a lookup. */
function sessionOf(i: number) {
  const start = FIRST_START + Math.floor((i * SPAN_MS) / SESSIONS);
  const active = i >= SESSIONS - ACTIVE_AT_END;
  const endReason = active ? null : i % 10 < 7 ? 'NORMAL' : i % 10 < 9 ? 'EXPIRED' : 'FORCED';
  const minutes = endReason === 'EXPIRED' ? 30 : 5 + (i % 25);
  const admin = (i * 7) % ADMINS;
  return {
    // The top 30 bits are i, so short codes (derived from them) are unique.
    id: `${hex(i * 4, 8)}-0000-4000-8000-${hex(i, 12)}`,
    tenant: `tenant-${i % TENANTS}`,
    requesterId: `U0ADMIN${admin}`,
    requesterEmail: `admin${admin}@example.test`,
    approverId: `U0APPROVER${i % 5}`,
    start: new Date(start),
    requestedAt: new Date(start - 5 * MINUTE),
    expiresAt: new Date((active ? NOW : start) + 30 * MINUTE),
    endTime: active ? null : new Date(start + minutes * MINUTE),
    endReason,
    ticketKey: `OPS-${(i % 90_000) + 1}`,
  };
}

type Session = ReturnType<typeof sessionOf>;

const KINDS: AuditEventType[] = ['GRANT_REQUESTED', 'GRANT_APPROVAL_ADDED', 'IMPERSONATION_START', 'GRANT_USED'];

/** The k-th event of session s, unchained. */
function eventOf(s: Session, k: number): Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'> {
  const staff = { kind: 'staff' as const, id: s.requesterId, email: s.requesterEmail };
  const base = { id: randomUUID(), tenant: s.tenant, grantId: s.id, ipAddress: null, userAgent: null };
  const type: AuditEventType =
    k < 4 ? KINDS[k]! : k === 4 ? (s.endReason ? 'IMPERSONATION_END' : 'GRANT_USED') : 'IMPERSONATION_ACTION';
  const at = (ms: number) => new Date(ms);
  switch (type) {
    case 'GRANT_REQUESTED':
      return {
        ...base,
        type,
        severity: severityOf(type),
        occurredAt: s.requestedAt,
        actor: staff,
        before: null,
        after: { status: 'PENDING' },
        details: { ticketKey: s.ticketKey, durationMs: 1_800_000, reason: "Reproduce the customer's reported problem" },
      };
    case 'GRANT_APPROVAL_ADDED':
    case 'IMPERSONATION_START':
      return {
        ...base,
        type,
        severity: severityOf(type),
        occurredAt: s.start,
        actor: { kind: 'staff', id: s.approverId, email: `${s.approverId.toLowerCase()}@example.test` },
        before: { status: 'PENDING' },
        after: { status: 'ACTIVE', expiresAt: s.expiresAt.toISOString() },
        details: { approvals: 1, required: 1 },
      };
    case 'IMPERSONATION_END':
      return {
        ...base,
        type,
        severity: severityOf(type),
        occurredAt: s.endTime!,
        actor: s.endReason === 'EXPIRED' ? { kind: 'system', id: 'expiry' } : staff,
        before: { status: 'ACTIVE', expiresAt: s.expiresAt.toISOString() },
        after: { status: 'ENDED', endTime: s.endTime!.toISOString(), endReason: s.endReason },
        details: { endReason: s.endReason, note: null, durationMinutes: 10 },
      };
    default:
      return {
        ...base,
        type,
        severity: severityOf(type),
        occurredAt: at(s.start.getTime() + (k - 2) * MINUTE),
        actor: { kind: 'api-client', id: 'bench-console' },
        before: null,
        after: null,
        ipAddress: '10.0.0.1',
        userAgent: 'Console/1',
        details: type === 'GRANT_USED' ? { firstUse: k === 3 } : { action: 'Looked at the invoices page' },
      };
  }
}

function progress(what: string, done: number, total: number, startedAt: number): void {
  const seconds = (Date.now() - startedAt) / 1000;
  process.stdout.write(
    `\r${what}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${seconds.toFixed(0)} s)`,
  );
  if (done === total) process.stdout.write('\n');
}

/** The grants triggers that keep session_rollups (their names changed with the statement-level migration). */
async function rollupTriggers(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT tgname AS name FROM pg_trigger
      WHERE tgrelid = 'grants'::regclass AND NOT tgisinternal AND tgname LIKE 'grants\\_session\\_rollups%'`,
  );
  if (rows.length === 0) throw new Error('no session-rollup trigger on grants: has the schema changed?');
  return rows.map((row) => row.name);
}

/** Events per second Postgres alone writes rows of this shape at: the first `limit` events copied in one statement. */
async function copyRate(client: pg.Client, limit: number): Promise<number> {
  await client.query('CREATE TEMP TABLE audit_events_copy (LIKE audit_events INCLUDING ALL)');
  const started = Date.now();
  const { rowCount } = await client.query(
    'INSERT INTO audit_events_copy SELECT * FROM audit_events WHERE seq <= $1 ORDER BY seq',
    [limit],
  );
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  await client.query('DROP TABLE audit_events_copy');
  return (rowCount ?? 0) / seconds;
}

export async function seedAudit(): Promise<void> {
  printRunStart('seed-audit');
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const sequelize = createSequelize(benchUrl());
  await migrateUp(sequelize);

  const client = new pg.Client({ connectionString: benchUrl() });
  await client.connect();
  // A seed that fails is re-run from scratch, so commits need not wait for the disk.
  await client.query('SET synchronous_commit = off');
  const began = Date.now();

  // Bulk-load practice: secondary indexes are built once at the end (a sorted build) rather than row by row, and the
  // session rollups are recounted in one pass (session_rollups_rebuild) rather than by the per-row trigger.
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes i
      WHERE tablename IN ('grants', 'audit_events') AND schemaname = 'public'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const { name } of indexes) await client.query(`DROP INDEX ${name}`);
  const triggers = await rollupTriggers(client);
  for (const name of triggers) await client.query(`ALTER TABLE grants DISABLE TRIGGER ${name}`);

  let startedAt = Date.now();
  const GRANT_BATCH = 10_000;
  for (let from = 0; from < SESSIONS; from += GRANT_BATCH) {
    const batch = Array.from({ length: Math.min(GRANT_BATCH, SESSIONS - from) }, (_, k) => sessionOf(from + k));
    await insertGrants(client, batch);
    progress('sessions', from + batch.length, SESSIONS, startedAt);
  }

  startedAt = Date.now();
  const EVENT_BATCH = 5_000;
  let seq = 0;
  let prevHash = GENESIS_HASH;
  let pending: Promise<void> = Promise.resolve();
  let batch: AuditEvent[] = [];
  for (let i = 0; i < SESSIONS; i += 1) {
    const session = sessionOf(i);
    for (let k = 0; k < PER_SESSION; k += 1) {
      seq += 1;
      const unhashed = { ...eventOf(session, k), seq, prevHash };
      const event = { ...unhashed, hash: hashOf(unhashed) };
      prevHash = event.hash;
      batch.push(event);
      if (batch.length === EVENT_BATCH || seq === EVENTS) {
        // Hash the next batch while this one is written.
        await pending;
        const full = batch;
        const done = seq;
        pending = insertEvents(client, full).then(() => progress('events', done, EVENTS, startedAt));
        batch = [];
      }
    }
  }
  await pending;
  const eventRate = EVENTS / Math.max((Date.now() - startedAt) / 1000, 0.001);
  await client.query('UPDATE audit_chain SET head_seq = $1, head_hash = $2 WHERE id = 1', [seq, prevHash]);
  for (const name of triggers) await client.query(`ALTER TABLE grants ENABLE TRIGGER ${name}`);
  startedAt = Date.now();
  await client.query('SELECT session_rollups_rebuild()');
  console.log(`session rollups rebuilt in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  startedAt = Date.now();
  await client.query(`SET maintenance_work_mem = '256MB'`);
  for (const { definition } of indexes) await client.query(definition);
  console.log(`${indexes.length} secondary indexes rebuilt in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  console.log('vacuum analyze…');
  await client.query('VACUUM ANALYZE');
  const baseline = await copyRate(client, 100_000);
  await client.end();
  console.log(
    `seeded ${SESSIONS.toLocaleString('en')} sessions and ${EVENTS.toLocaleString('en')} events in ${((Date.now() - began) / 1000).toFixed(0)} s`,
  );

  if (values.verify) {
    const verifyStart = Date.now();
    const verdict = await verifyAuditChain(new AuditQueries(sequelize));
    console.log(
      `audit verify: ${verdict.ok ? 'intact' : 'BROKEN'}, ${verdict.checked} events in ${((Date.now() - verifyStart) / 1000).toFixed(0)} s`,
    );
  }
  console.log(
    `events seeded (hashed, sent, written) ${Math.round(eventRate).toLocaleString('en')}/s; baseline, Postgres copying ` +
      `them table to table ${Math.round(baseline).toLocaleString('en')}/s; ratio ${ratioOf(eventRate, baseline)}`,
  );
  await sequelize.close();
  printRunEnd();
}

if (process.argv[1]?.endsWith('seed-audit.ts')) await seedAudit();
