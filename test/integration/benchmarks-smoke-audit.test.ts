/**
 * Smoke runs of the audit trail's benchmarks (seeding, appends, the digest, exports under load): each runs once at
 * a tiny size and must complete and print its figures, header and ratio (test/support/bench-smoke.ts). Nothing here
 * asserts a time.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BenchSmoke, expectRunHeader, NUMBER, RUN_TIMEOUT_MS } from '../support/bench-smoke.ts';

const bench = new BenchSmoke(inject('postgresAdminUrl'), inject('redisUrl'));

afterAll(() => bench.dropDatabases());

describe('benchmarks, once each at a tiny size', () => {
  it('bench:seed-audit then bench:audit', { timeout: RUN_TIMEOUT_MS }, async () => {
    const database = bench.databaseName();
    const seed = await bench.run('seed-audit', [
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

    const audit = await bench.run('audit', [
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
    const run = await bench.run('digest', [
      '--sessions',
      '400',
      '--week-sessions',
      '100',
      '--database',
      bench.databaseName(),
    ]);
    expect(run.code, run.output).toBe(0);
    expectRunHeader(run.output, 'digest');
    expect(run.output).toMatch(/baseline {2}SELECT count\(\*\) FROM grants/);
    for (const attempt of [1, 2, 3]) expect(run.output).toMatch(new RegExp(`digest {4}run ${attempt}: .*× baseline`));
    for (const attempt of [1, 2]) expect(run.output).toMatch(new RegExp(`scan {6}run ${attempt}: .*× baseline`));
  });

  it('bench:export-load', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await bench.run('export-load', [
      ...['--sessions', '20', '--events', '100', '--database', bench.databaseName()],
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
