/**
 * Runs a benchmark of bench/ as `npm run bench:…` would, at a tiny size, for the smoke tests of
 * test/integration/benchmarks-smoke-*.test.ts: each checks that its benchmarks complete and print their figures, the
 * command, the load average at their start and end, and a ratio to their baseline. Nothing asserts a time: times
 * belong to the benchmarks themselves (docs/benchmarks.md), and vary with the machine.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Each benchmark starts Node processes through tsx; on a loaded two-core machine that alone takes seconds. */
export const RUN_TIMEOUT_MS = 180_000;
/** A figure as the benchmarks print it: 1,234.5 */
export const NUMBER = String.raw`\d[\d,.]*`;

export class BenchSmoke {
  private readonly databases: string[] = [];

  constructor(
    private readonly adminUrl: string,
    /** Unset when the suite has no Redis: the benchmarks then queue on BullMQ's Postgres backend. */
    readonly redisUrl: string | null,
  ) {}

  /** A database name for one benchmark run; dropped by dropDatabases(). */
  databaseName(): string {
    const name = `grantdesk_smoke_${randomBytes(4).toString('hex')}`;
    this.databases.push(name);
    return name;
  }

  run(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', `bench/${script}.ts`, ...args], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          DATABASE_URL: this.adminUrl,
          // Unreachable on purpose when the suite has no Redis: the benchmarks then use BullMQ's Postgres backend.
          REDIS_URL: this.redisUrl ?? 'redis://127.0.0.1:1',
        },
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  }

  async dropDatabases(): Promise<void> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    for (const name of this.databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

/** What every benchmark prints around its figures. */
export function expectRunHeader(output: string, script: string): void {
  expect(output).toMatch(new RegExp(`^command: npm run bench:${script}( -- .*)?$`, 'm'));
  expect(output).toMatch(/load average at start: \d+\.\d+ \d+\.\d+ \d+\.\d+/);
  expect(output).toMatch(/load average at end: \d+\.\d+ \d+\.\d+ \d+\.\d+/);
}
