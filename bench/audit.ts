/**
 * bench/audit: the audit trail at size, on a database seeded by bench/seed-audit.ts.
 *
 *   npm run bench:seed-audit -- --sessions 1000000 --events 5000000
 *   npm run bench:audit -- [--database grantdesk_bench] [--seconds 10] [--workers 1,4] [--requests 200] [--warmup 20]
 *
 * 1. Sustained append rate (bench/audit-append.ts): for each number of concurrent writers in --workers, one
 *    transaction per event (as use cases append) for T seconds through AuditStore (one statement that locks the
 *    head, hashes and inserts) and, in the same run, a plain INSERT of the same row into a table of the same shape
 *    and indexes (audit_events_plain, LIKE audit_events, no chain). The plain table starts empty while the chained
 *    one holds the seeded trail, so the ratio errs against the chain. Then how each rate scales from the first
 *    writer count to the others, and a verify of the appended events from the chain head before them (as from a
 *    checkpoint).
 * 2. Latency over real HTTP (the app's router on port 0, one admin token, sequential requests after a warm-up):
 *    GET /impersonation/audit page 0 and page 5,000 (size 20), a keyset page of /audit/events from a random cursor
 *    (all tenants, and one tenant), and /impersonation/stats.
 * 3. Export of ~1,000,000 rows: `grantdesk audit export --format jsonl` as a child process (its peak RSS from
 *    /proc/<pid>/status VmHWM) and GET /api/v1/audit/export read by a client that discards it (this process's RSS).
 */

import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import express from 'express';
import { QueryTypes } from 'sequelize';
import { createApiToken } from '../src/app/create-api-token.ts';
import { createServices } from '../src/app/services.ts';
import { createSequelize } from '../src/db/database.ts';
import { createStores } from '../src/db/stores.ts';
import { apiRoutes } from '../src/http/api-routes.ts';
import { encodeEventCursor } from '../src/http/event-cursor.ts';
import { unconfiguredTicketTracker } from '../src/jira/unconfigured-ticket-tracker.ts';
import { createLogger } from '../src/logger.ts';
import { randomIds, systemClock } from '../src/system-clock.ts';
import { measureAppends } from './audit-append.ts';
import { printRunEnd, printRunStart } from './run-header.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'grantdesk_bench' },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1,4' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    'export-rows': { type: 'string', default: '1000000' },
  },
});
const SECONDS = Number(values.seconds);
const WORKER_COUNTS = String(values.workers).split(',').map(Number);
const REQUESTS = Number(values.requests);
const WARMUP = Number(values.warmup);
const EXPORT_ROWS = Number(values['export-rows']);

const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${values.database}`;
const DATABASE_URL = url.toString();
const sequelize = createSequelize(DATABASE_URL, undefined, Math.max(...WORKER_COUNTS) + 4);
const stores = createStores(sequelize, randomIds);
const services = createServices({
  sequelize,
  stores,
  tracker: unconfiguredTicketTracker,
  access: { isApprover: async () => false, isAuditor: async () => true },
  clock: systemClock,
  ids: randomIds,
  policy: {
    minDurationMs: 300_000,
    defaultDurationMs: 1_800_000,
    maxDurationMs: 28_800_000,
    requiredApprovals: 1,
    pendingTtlMs: 14_400_000,
    expiryWarningMs: 300_000,
  },
  ticketPolicy: { allowedProjects: [], requireOpen: true },
});

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 0);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function latency(baseUrl: string, secret: string, path: () => string) {
  const get = async () => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path()}`, { headers: { authorization: `Bearer ${secret}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path()} answered ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARMUP; i += 1) await get();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) times.push(await get());
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50), 2), p95: round(percentile(times, 95), 2), max: round(times.at(-1)!, 2) };
}

/** A range of occurredAt holding about EXPORT_ROWS events, from the middle of the trail. */
async function exportRange(head: number) {
  const from = Math.max(1, Math.floor(head / 2 - EXPORT_ROWS / 2));
  const [row] = await sequelize.query<{ start: Date; end: Date }>(
    `SELECT (SELECT occurred_at FROM audit_events WHERE seq = $1) AS start,
            (SELECT occurred_at FROM audit_events WHERE seq = $2) AS end`,
    { bind: [from, Math.min(head, from + EXPORT_ROWS)], type: QueryTypes.SELECT },
  );
  return { start: new Date(row!.start).toISOString(), end: new Date(row!.end).toISOString() };
}

function cliExport(range: { start: string; end: string }) {
  const bin = fileURLToPath(new URL('../bin/grantdesk.js', import.meta.url));
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [bin, 'audit', 'export', '--start', range.start, '--end', range.end, '--format', 'jsonl'],
    {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL, LOG_LEVEL: 'warn' },
    },
  );
  let lines = 0;
  let peakKb = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) lines += 1;
  });
  const poll = setInterval(async () => {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
  }, 50);
  return new Promise<{ rows: number; seconds: number; peakRssMb: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`grantdesk audit export exited ${code}`));
      resolve({ rows: lines, seconds: round((Date.now() - started) / 1000), peakRssMb: round(peakKb / 1024, 0) });
    });
  });
}

async function httpExport(baseUrl: string, secret: string, range: { start: string; end: string }) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const poll = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = Date.now();
  const query = new URLSearchParams({ ...range, format: 'jsonl' });
  const response = await fetch(`${baseUrl}/api/v1/audit/export?${query}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  clearInterval(poll);
  return { rows: lines, seconds: round((Date.now() - started) / 1000), rssBeforeMb: mb(before), peakRssMb: mb(peak) };
}

async function main() {
  const [counts] = await sequelize.query<{ sessions: string; events: string }>(
    `SELECT (SELECT count(*) FROM grants WHERE start_time IS NOT NULL) AS sessions, (SELECT head_seq FROM audit_chain) AS events`,
    { type: QueryTypes.SELECT },
  );
  console.log(
    `bench/audit on ${values.database}: ${Number(counts!.sessions).toLocaleString('en')} sessions, ${Number(counts!.events).toLocaleString('en')} events`,
  );
  printRunStart('audit');

  await measureAppends({ sequelize, seconds: SECONDS, writerCounts: WORKER_COUNTS });

  const { secret } = await createApiToken(
    { unitOfWork: stores.unitOfWork, clock: systemClock, ids: randomIds },
    {
      name: `bench-${Date.now()}`,
      scopes: ['admin'],
      tenant: null,
      expiresInMs: 3_600_000,
      actor: { kind: 'system', id: 'bench' },
    },
  );
  const app = express();
  app.use(apiRoutes({ services, tokens: stores.tokens, clock: systemClock, logger: createLogger('silent') }).router);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const head = Number(await services.auditHeadSeq());
  const randomCursor = () => encodeEventCursor(Math.floor(Math.random() * (head - 100)));
  const figures = {
    'GET /impersonation/audit page 0': await latency(
      baseUrl,
      secret,
      () => '/api/v1/impersonation/audit?page=0&size=20',
    ),
    'GET /impersonation/audit page 5000': await latency(
      baseUrl,
      secret,
      () => '/api/v1/impersonation/audit?page=5000&size=20',
    ),
    'GET /audit/events keyset page (50)': await latency(
      baseUrl,
      secret,
      () => `/api/v1/audit/events?limit=50&cursor=${randomCursor()}`,
    ),
    'GET /audit/events keyset page, one tenant': await latency(
      baseUrl,
      secret,
      () => `/api/v1/audit/events?limit=50&tenant=tenant-7&cursor=${randomCursor()}`,
    ),
    'GET /impersonation/stats': await latency(baseUrl, secret, () => '/api/v1/impersonation/stats'),
    'GET /impersonation/stats, one tenant': await latency(
      baseUrl,
      secret,
      () => '/api/v1/impersonation/stats?tenant=tenant-7',
    ),
  };
  console.log(`HTTP latency, ${REQUESTS} sequential requests each after ${WARMUP} warm-up (ms):`);
  for (const [name, f] of Object.entries(figures))
    console.log(`  ${name.padEnd(44)} p50 ${f.p50}  p95 ${f.p95}  max ${f.max}`);

  const range = await exportRange(head);
  const cli = await cliExport(range);
  console.log(`export ${range.start} → ${range.end}:`);
  console.log(
    `  grantdesk audit export (jsonl): ${cli.rows.toLocaleString('en')} rows in ${cli.seconds} s, peak RSS ${cli.peakRssMb} MB`,
  );
  const http = await httpExport(baseUrl, secret, range);
  console.log(
    `  GET /api/v1/audit/export (jsonl): ${http.rows.toLocaleString('en')} rows in ${http.seconds} s, RSS of server+client ${http.rssBeforeMb} MB before, peak ${http.peakRssMb} MB`,
  );
  printRunEnd();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await sequelize.close();
}

await main();
