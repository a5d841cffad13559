/**
 * bench/export-load: does a session list still answer under 1 s while 50 clients export the audit trail at once
 * from one admin token (issue 12, item 5)? Baseline: the same reads in the same run with no export running.
 *
 *   npm run bench:export-load -- [--sessions 20000] [--events 200000] [--exporters 50] [--seconds 10] [--rate 10]
 *
 * 1. Seeds a database with bench/seed-audit.ts (S sessions, E hash-chained events), so that one export streams for
 *    a while.
 * 2. Runs `grantdesk serve` in a process of its own, as an operator runs it (fake Slack and Jira over HTTP, default
 *    EXPORT_CONCURRENCY, EXPORT_CONCURRENCY_PER_TOKEN and API_RATE_LIMIT), with one admin token for the exports and
 *    one audit:read token for the reads.
 * 3. For --seconds, GET /api/v1/impersonation/audit?page=0&size=20 (the session list) and GET /readyz, each at
 *    --rate requests/s from 2 keep-alive connections, latency from each request's due time (bench/http-load.ts):
 *    first with nothing else running, then while --exporters clients each ask for the whole trail as CSV over and
 *    over, reading every byte, and, when refused with 429, waiting the Retry-After they are given. The exporters run
 *    in a process of their own (this file with --exporters-for), so that reading their bytes does not delay the
 *    timed reads; the machine's cores are still shared by all three processes and Postgres.
 * Prints both, the ratio of the p99s, the exports that completed and were refused, the server's peak RSS (VmHWM
 * from /proc/<pid>/status) and whether the session list's p99 under load stayed under 1 s.
 *
 * Postgres: DATABASE_URL (a server where it may create databases), else postgres://postgres@127.0.0.1:5432.
 * Queues on REDIS_URL when set, else on BullMQ's Postgres backend.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApiToken } from '../src/app/create-api-token.ts';
import { createSequelize } from '../src/db/database.ts';
import { SequelizeUnitOfWork } from '../src/db/unit-of-work.ts';
import type { ApiScope } from '../src/domain/api-token.ts';
import { randomIds, systemClock } from '../src/system-clock.ts';
import { DEFAULT_CREDENTIALS, startFakeJira } from '../test/fakes/fake-jira.ts';
import { startFakeSlack } from '../test/fakes/fake-slack.ts';
import { deleteKeysUnder } from '../test/support/delete-keys-under.ts';
import { freePort, withDatabase } from '../test/support/test-services.ts';
import { startProcess, stopProcess } from './child-process.ts';
import { fixedRate } from './http-load.ts';
import { printRunEnd, printRunStart, ratioOf } from './run-header.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '20000' },
    events: { type: 'string', default: '200000' },
    exporters: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '10' },
    database: { type: 'string', default: 'grantdesk_bench_export_load' },
    // Internal: run as the exporters' process against this base URL.
    'exporters-for': { type: 'string' },
  },
});
const EXPORTERS = Number(values.exporters);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const DATABASE = String(values.database);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = withDatabase(adminUrl, DATABASE);
const ONE_SECOND_MS = 1_000;

/** bench/seed-audit.ts in a process of its own (it reads its own command line), printing what it prints. */
function seed(): Promise<void> {
  const args = ['--sessions', String(values.sessions), '--events', String(values.events), '--database', DATABASE];
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/seed-audit.ts', ...args], {
    cwd: new URL('../', import.meta.url),
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Only the seed's summary: its progress lines end in \r and would bury the figures.
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split(/[\r\n]/)) if (/^seeded /.test(line)) console.log(`seed: ${line}`);
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed-audit exited with ${code}`)))),
  );
}

async function tokenWith(scopes: ApiScope[], name: string): Promise<string> {
  const sequelize = createSequelize(databaseUrl);
  try {
    const deps = { unitOfWork: SequelizeUnitOfWork.on(sequelize, randomIds), clock: systemClock, ids: randomIds };
    const actor = { kind: 'system' as const, id: 'bench' };
    const { secret } = await createApiToken(deps, { name, scopes, tenant: null, expiresInMs: 3_600_000, actor });
    return secret;
  } finally {
    await sequelize.close();
  }
}

interface ExportTally {
  completed: number;
  refused: number;
  other: number;
  bytes: number;
}

/** One client exporting the whole trail again and again until `until`, honouring Retry-After on a 429. */
async function exporter(baseUrl: string, token: string, until: number, tally: ExportTally): Promise<void> {
  const query = 'start=2000-01-01&end=2100-01-01&format=csv';
  while (performance.now() < until) {
    const response = await fetch(`${baseUrl}/api/v1/audit/export?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status === 429) {
      tally.refused += 1;
      await response.arrayBuffer();
      const wait = Number(response.headers.get('retry-after') ?? 1) * ONE_SECOND_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(until - performance.now(), 0))));
      continue;
    }
    if (response.status !== 200) tally.other += 1;
    // Read every byte (and drop it), as a client saving the file does.
    for await (const chunk of response.body ?? []) tally.bytes += (chunk as Uint8Array).byteLength;
    if (response.status === 200) tally.completed += 1;
  }
}

/** The session list and /readyz, side by side, for SECONDS at RATE each. */
async function reads(baseUrl: string, token: string) {
  const load = { seconds: SECONDS, rate: RATE, connections: 2 };
  const [list, ready] = await Promise.all([
    fixedRate(
      new URL(`${baseUrl}/api/v1/impersonation/audit?page=0&size=20`),
      { authorization: `Bearer ${token}` },
      load,
    ),
    fixedRate(new URL(`${baseUrl}/readyz`), {}, load),
  ]);
  return { list, ready };
}

function peakRssMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

const ms = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  printRunStart('export-load');
  await seed();
  const exportToken = await tokenWith(['admin'], 'bench-exports');
  const readToken = await tokenWith(['audit:read'], 'bench-reads');

  const slack = await startFakeSlack();
  const jira = await startFakeJira();
  const port = await freePort();
  const prefix = `gdbench-${randomBytes(4).toString('hex')}`;
  const serve = await startProcess(['bin/grantdesk.js', 'serve'], '"msg":"listening"', () => undefined, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? '',
    BULLMQ_PREFIX: prefix,
    PORT: String(port),
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: slack.url,
    APPROVER_CHANNEL_ID: 'C0APPROVERS',
    APPROVER_USER_IDS: 'U0APPROVER',
    JIRA_BASE_URL: jira.url,
    JIRA_EMAIL: DEFAULT_CREDENTIALS.email,
    JIRA_API_TOKEN: DEFAULT_CREDENTIALS.apiToken,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // Untimed first, so neither phase pays for compiling code or opening connections.
    await fixedRate(new URL(`${baseUrl}/readyz`), {}, { seconds: 1, rate: RATE, connections: 2 });
    const baseline = await reads(baseUrl, readToken);

    // The exporters run in a process of their own, so that reading their bytes does not delay the timed reads here.
    const exporters = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/export-load.ts', ...process.argv.slice(2), '--exporters-for', baseUrl],
      { cwd: new URL('../', import.meta.url), env: { ...process.env, BENCH_EXPORT_TOKEN: exportToken } },
    );
    const lines = createInterface({ input: exporters.stdout })[Symbol.asyncIterator]();
    // Timed once the exporters have started (the process loads its modules first).
    await lines.next();
    const loaded = await reads(baseUrl, readToken);
    const exports = JSON.parse(String((await lines.next()).value)) as ExportTally;
    const rssMb = peakRssMb(serve.pid!);

    console.log(`\nreads at ${RATE}/s each for ${SECONDS} s from 2 connections (ms from due time)`);
    console.log('| read | exports | requests | p50 | p99 | max | not 200 |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, figures] of [
      ['session list', baseline.list],
      ['/readyz', baseline.ready],
    ] as const)
      console.log(
        `| ${name} | none | ${figures.n} | ${ms(figures.p50)} | ${ms(figures.p99)} | ${ms(figures.max)} | ${figures.failed} |`,
      );
    for (const [name, figures] of [
      ['session list', loaded.list],
      ['/readyz', loaded.ready],
    ] as const)
      console.log(
        `| ${name} | ${EXPORTERS} clients | ${figures.n} | ${ms(figures.p50)} | ${ms(figures.p99)} | ${ms(figures.max)} | ${figures.failed} |`,
      );
    console.log(
      `p99 ratio under exports ÷ none: session list ${ratioOf(loaded.list.p99, baseline.list.p99)}, /readyz ${ratioOf(loaded.ready.p99, baseline.ready.p99)}`,
    );
    console.log(
      `exports from ${EXPORTERS} clients on one admin token: ${exports.completed} completed (${Math.round(exports.bytes / 1024 / 1024)} MB read), ` +
        `${exports.refused} refused with 429, ${exports.other} other`,
    );
    console.log(`grantdesk serve peak RSS: ${rssMb} MB`);
    console.log(
      `session list p99 under exports < 1 s: ${loaded.list.p99 < ONE_SECOND_MS ? 'yes' : 'no'}; ` +
        `/readyz p99 < 1 s: ${loaded.ready.p99 < ONE_SECOND_MS ? 'yes' : 'no'}`,
    );
  } finally {
    await stopProcess(serve);
    await slack.stop();
    await jira.stop();
    // The queues' keys of that serve, so that a run leaves nothing behind in a Redis it shares.
    if (process.env.REDIS_URL) await deleteKeysUnder(process.env.REDIS_URL, prefix);
  }
  printRunEnd();
}

/** The exporters' process: EXPORTERS clients for SECONDS, printing `started`, then their tally as JSON. */
async function exportersProcess(baseUrl: string): Promise<void> {
  const token = String(process.env.BENCH_EXPORT_TOKEN);
  const tally: ExportTally = { completed: 0, refused: 0, other: 0, bytes: 0 };
  const until = performance.now() + SECONDS * ONE_SECOND_MS;
  const running = Promise.all(Array.from({ length: EXPORTERS }, () => exporter(baseUrl, token, until, tally)));
  console.log('started');
  await running;
  console.log(JSON.stringify(tally));
}

if (values['exporters-for']) await exportersProcess(values['exporters-for']);
else await main();
process.exit(0);
