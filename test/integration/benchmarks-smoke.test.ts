/**
 * Every benchmark of bench/ runs, once, at a tiny size: it completes and prints its figures, the command, the load
 * average at its start and end, and a ratio to its baseline. Nothing here asserts a time: times belong to the
 * benchmarks themselves (docs/benchmarks.md), and vary with the machine.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Each benchmark starts Node processes through tsx; on a loaded two-core machine that alone takes seconds. */
const RUN_TIMEOUT_MS = 180_000;
const adminUrl = inject('postgresAdminUrl');
const redisUrl = inject('redisUrl');
const databases: string[] = [];

function databaseName(): string {
  const name = `grantdesk_smoke_${randomBytes(4).toString('hex')}`;
  databases.push(name);
  return name;
}

function runBench(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${script}.ts`, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: adminUrl,
        // Unreachable on purpose when the suite has no Redis: the benchmarks then queue on BullMQ's Postgres backend.
        REDIS_URL: redisUrl ?? 'redis://127.0.0.1:1',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** What every benchmark prints around its figures. */
function expectRunHeader(output: string, script: string): void {
  expect(output).toMatch(new RegExp(`^command: npm run bench:${script}( -- .*)?$`, 'm'));
  expect(output).toMatch(/load average at start: \d+\.\d+ \d+\.\d+ \d+\.\d+/);
  expect(output).toMatch(/load average at end: \d+\.\d+ \d+\.\d+ \d+\.\d+/);
}

const NUMBER = String.raw`\d[\d,.]*`;

afterAll(async () => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  for (const name of databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
});

describe('benchmarks, once each at a tiny size', () => {
  it('bench:seed-audit then bench:audit', { timeout: RUN_TIMEOUT_MS }, async () => {
    const database = databaseName();
    const seed = await runBench('seed-audit', [
      '--sessions',
      '20',
      '--events',
      '100',
      '--database',
      database,
      '--verify',
    ]);
    expect(seed.code, seed.output).toBe(0);
    expectRunHeader(seed.output, 'seed-audit');
    expect(seed.output).toContain('audit verify: intact, 100 events');
    expect(seed.output).toMatch(new RegExp(`events seeded .* ${NUMBER}/s; baseline, .* ${NUMBER}/s; ratio ${NUMBER}×`));

    const audit = await runBench('audit', [
      ...['--database', database, '--seconds', '0.2', '--workers', '1,2'],
      ...['--requests', '2', '--warmup', '1', '--export-rows', '50'],
    ]);
    expect(audit.code, audit.output).toBe(0);
    expectRunHeader(audit.output, 'audit');
    for (const writers of [1, 2]) {
      expect(audit.output).toMatch(
        new RegExp(
          `${writers} writer\\(s\\): through AuditStore \\(chained\\) ${NUMBER}, plain INSERT ${NUMBER}, ratio ${NUMBER}`,
        ),
      );
    }
    expect(audit.output).toMatch(new RegExp(`scaling, 2 writers ÷ 1: chained ${NUMBER}×, plain INSERT ${NUMBER}×`));
    expect(audit.output).toMatch(/chain after the appends: intact, \d+ events from seq \d+/);
    expect(audit.output).toMatch(new RegExp(`GET /impersonation/stats +p50 ${NUMBER} +p95 ${NUMBER}`));
    expect(audit.output).toMatch(/grantdesk audit export \(jsonl\): \d+ rows/);
  });

  it('bench:digest', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runBench('digest', ['--sessions', '400', '--week-sessions', '100', '--database', databaseName()]);
    expect(run.code, run.output).toBe(0);
    expectRunHeader(run.output, 'digest');
    expect(run.output).toMatch(/baseline {2}SELECT count\(\*\) FROM grants/);
    for (const attempt of [1, 2, 3]) expect(run.output).toMatch(new RegExp(`digest {4}run ${attempt}: .*× baseline`));
    for (const attempt of [1, 2]) expect(run.output).toMatch(new RegExp(`scan {6}run ${attempt}: .*× baseline`));
  });

  it('bench:expiry', { timeout: RUN_TIMEOUT_MS }, async () => {
    const backend = redisUrl ? 'redis' : 'postgres';
    const run = await runBench('expiry', ['--grants', '20', '--workers', '1', '--backends', backend, '--lead', '3']);
    expect(run.code, run.output).toBe(0);
    expectRunHeader(run.output, 'expiry');
    // backend | workers | Grantdesk | bare BullMQ | lateness ratios | throughput ratio | within 5 s | exactly once
    const row = new RegExp(
      `^\\| ${backend} \\| 1 \\| -?${NUMBER} / -?${NUMBER} / -?${NUMBER}, ${NUMBER}/s \\| .* \\| ${NUMBER}× \\| ${NUMBER}% \\| yes \\|$`,
      'm',
    );
    expect(run.output).toMatch(row);
  });

  it('bench:slack-ack', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runBench('slack-ack', [
      ...[
        '--concurrency',
        '2',
        '--rounds',
        '1',
        '--sequential-clicks',
        '2',
        '--clicks',
        '2',
        '--click-concurrency',
        '2',
      ],
    ]);
    expect(run.code, run.output).toBe(0);
    expectRunHeader(run.output, 'slack-ack');
    expect(run.output).toMatch(new RegExp(`/grant ack, Grantdesk \\(2 concurrent\\) \\| 2 \\| ${NUMBER} \\|`));
    expect(run.output).toMatch(new RegExp(`ack ratio Grantdesk / bare Bolt: p50 ${NUMBER}, p99 ${NUMBER}`));
    expect(run.output).toMatch(
      new RegExp(`Approve click → chat.update \\(one at a time, baseline\\) \\| 2 \\| ${NUMBER} \\|`),
    );
    expect(run.output).toMatch(new RegExp(`Approve click → chat.update \\(2 concurrent\\) \\| 2 \\| ${NUMBER} \\|`));
    expect(run.output).toMatch(
      new RegExp(`click → card ratio 2 concurrent / one at a time: p50 ${NUMBER}, p99 ${NUMBER}`),
    );
    // Where the clicks' time went, from the server's own log of each click.
    expect(run.output).toMatch(
      new RegExp(`^\\| transaction: chain-head lock \\| ${NUMBER} / ${NUMBER} \\| ${NUMBER} / ${NUMBER} \\|$`, 'm'),
    );
    expect(run.output).toMatch(
      new RegExp(`^\\| card update \\| ${NUMBER} / ${NUMBER} \\| ${NUMBER} / ${NUMBER} \\|$`, 'm'),
    );
    // The click's turn on the card, phase by phase (src/db/approver-card-store.ts), shown or found shown.
    expect(run.output).toMatch(
      new RegExp(`^\\| card: turn lock \\| ${NUMBER} / ${NUMBER} \\| ${NUMBER} / ${NUMBER} \\|$`, 'm'),
    );
    expect(run.output).toContain('requests that became cards: 6 of 6');
  });

  it('bench:console-gate', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runBench('console-gate', [
      ...['--database', databaseName(), '--seconds', '1', '--rate', '100', '--connections', '2'],
      ...['--calls', '50', '--revokes', '2'],
    ]);
    expect(run.code, run.output).toBe(0);
    expectRunHeader(run.output, 'console-gate');
    expect(run.output).toMatch(
      new RegExp(`^\\| /check \\| 100 \\| ${NUMBER} \\| ${NUMBER} \\| ${NUMBER} \\| 0 \\|$`, 'm'),
    );
    expect(run.output).toMatch(new RegExp(`^\\| bare Express constant \\| 100 \\| ${NUMBER} \\|`, 'm'));
    expect(run.output).toMatch(new RegExp(`ratio /check ÷ bare ${NUMBER}×`));
    expect(run.output).toMatch(new RegExp(`middleware p99 overhead: -?${NUMBER} ms; /check calls during the run: 0`));
    expect(run.output).toMatch(
      new RegExp(`2 revokes \\(ms\\)\\np50 ${NUMBER}, p99 ${NUMBER}, max ${NUMBER}; refused with 403`),
    );
  });

  it('bench:export-load', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await runBench('export-load', [
      ...['--sessions', '20', '--events', '100', '--database', databaseName()],
      ...['--exporters', '3', '--seconds', '1', '--rate', '5'],
    ]);
    expect(run.code, run.output).toBe(0);
    expectRunHeader(run.output, 'export-load');
    expect(run.output).toContain('seed: seeded 20 sessions and 100 events');
    for (const [read, exports] of [
      ['session list', 'none'],
      ['/readyz', 'none'],
      ['session list', '3 clients'],
      ['/readyz', '3 clients'],
    ]) {
      expect(run.output).toMatch(
        new RegExp(`^\\| ${read} \\| ${exports} \\| \\d+ \\| ${NUMBER} \\| ${NUMBER} \\| ${NUMBER} \\| 0 \\|$`, 'm'),
      );
    }
    expect(run.output).toMatch(
      new RegExp(`p99 ratio under exports ÷ none: session list ${NUMBER}×, /readyz ${NUMBER}×`),
    );
    // At least one export was admitted and read to its end; those beyond the limits were counted, not failed.
    expect(run.output).toMatch(
      /exports from 3 clients on one admin token: [1-9]\d* completed .*, \d+ refused with 429, 0 other/,
    );
    expect(run.output).toMatch(/grantdesk serve peak RSS: \d+ MB/);
    expect(run.output).toMatch(/session list p99 under exports < 1 s: (yes|no); \/readyz p99 < 1 s: (yes|no)/);
  });
});
