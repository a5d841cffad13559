/**
 * Smoke runs of the expiry storm benchmark: each runs once at a tiny size and must complete and print
 * its figures, header and ratio (test/support/bench-smoke.ts). Nothing here asserts a time.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BenchSmoke, expectRunHeader, NUMBER, RUN_TIMEOUT_MS } from '../support/bench-smoke.ts';

const bench = new BenchSmoke(inject('postgresAdminUrl'), inject('redisUrl'));

afterAll(() => bench.dropDatabases());

describe('benchmarks, once each at a tiny size', () => {
  it('bench:expiry', { timeout: RUN_TIMEOUT_MS }, async () => {
    const backend = bench.redisUrl ? 'redis' : 'postgres';
    const run = await bench.run('expiry', ['--grants', '20', '--workers', '1', '--backends', backend, '--lead', '3']);
    expect(run.code, run.output).toBe(0);
    expectRunHeader(run.output, 'expiry');
    // backend | workers | Grantdesk | bare BullMQ | lateness ratios | throughput ratio | within 5 s | exactly once
    const row = new RegExp(
      `^\\| ${backend} \\| 1 \\| -?${NUMBER} / -?${NUMBER} / -?${NUMBER}, ${NUMBER}/s \\| .* \\| ${NUMBER}× \\| ${NUMBER}% \\| yes \\|$`,
      'm',
    );
    expect(run.output).toMatch(row);
  });
});
