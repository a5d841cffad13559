/**
 * Smoke runs of the Slack and console gate benchmarks: each runs once at a tiny size and must complete and print
 * its figures, header and ratio (test/support/bench-smoke.ts). Nothing here asserts a time.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BenchSmoke, expectRunHeader, NUMBER, RUN_TIMEOUT_MS } from '../support/bench-smoke.ts';

const bench = new BenchSmoke(inject('postgresAdminUrl'), inject('redisUrl'));

afterAll(() => bench.dropDatabases());

describe('benchmarks, once each at a tiny size', () => {
  it('bench:slack-ack', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await bench.run('slack-ack', [
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
    // What bounds clicks at once: serve's CPU per click in each phase, read from /proc (this suite runs on Linux).
    expect(run.output).toMatch(
      new RegExp(
        `serve's CPU per click .*: one at a time ${NUMBER} ms \\(${NUMBER} % of one core\\), 2 at a time ${NUMBER} ms \\(`,
      ),
    );
    expect(run.output).toContain('requests that became cards: 6 of 6');
  });

  it('bench:console-gate', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await bench.run('console-gate', [
      ...['--database', bench.databaseName(), '--seconds', '1', '--rate', '100', '--connections', '2'],
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
});
