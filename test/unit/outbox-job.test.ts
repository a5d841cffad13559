import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../jobs/map-concurrently.ts';
import { jobIdOf, jobOf } from '../../jobs/outbox-job.ts';
import { QueueNames } from '../../jobs/queue-names.ts';
import { expiryWarningEventId } from '../../src/domain/notification.ts';
import { sideEffectsOf } from '../../src/domain/side-effects.ts';
import { APPROVED_AT, activeGrant, GRANT_ID, pendingGrant, policy } from '../support/domain-fixture.ts';

describe('outbox rows become BullMQ jobs', () => {
  const now = new Date('2026-11-02T10:10:00.000Z');

  it('derives a deterministic job id BullMQ accepts from each key', () => {
    expect(jobIdOf(`expire:${GRANT_ID}:3`)).toBe(`expire.${GRANT_ID}.3`);
    expect(jobIdOf(`notify:${GRANT_ID}`)).toBe(`notify.${GRANT_ID}`);
    expect(jobIdOf(`lapse:${GRANT_ID}`)).not.toContain(':');
  });

  it('delays scheduled work until its runAt, on the expiry queue, named after the job', () => {
    const [expire] = sideEffectsOf(undefined, activeGrant(), [], policy).filter((m) => m.key.startsWith('expire:'));
    expect(expire).toBeDefined();
    const job = jobOf(expire as { key: string; topic: string; payload: Record<string, unknown> }, now);
    expect(job).toEqual({
      queue: QueueNames.expiry,
      name: 'expire',
      jobId: `expire.${GRANT_ID}.1`,
      data: { grantId: GRANT_ID, version: 1, runAt: '2026-11-02T10:40:00.000Z' },
      delay: 30 * 60_000,
    });
  });

  it('runs overdue scheduled work at once, and other topics on a queue of their own name', () => {
    const late = jobOf(
      {
        key: `lapse:${GRANT_ID}`,
        topic: 'schedule',
        payload: { job: 'lapse', grantId: GRANT_ID, runAt: APPROVED_AT.toISOString() },
      },
      new Date(APPROVED_AT.getTime() + 5_000),
    );
    expect(late).toMatchObject({ queue: 'expiry', name: 'lapse', delay: 0 });
    const payload = { grantId: GRANT_ID, eventId: 'e1', type: 'IMPERSONATION_END' };
    expect(jobOf({ key: 'jira:e1', topic: 'jira-comment', payload }, now)).toEqual({
      queue: 'jira-comment',
      name: 'jira-comment',
      jobId: 'jira.e1',
      data: payload,
      delay: 0,
    });
  });

  it('uses the keys the domain schedules under (the moot-timer removal and the warning id rely on them)', () => {
    const active = sideEffectsOf(undefined, activeGrant(), [], policy).map((m) => m.key);
    expect(active).toEqual(expect.arrayContaining([`expire:${GRANT_ID}:1`, `warn:${GRANT_ID}:1`]));
    expect(active).toContain(expiryWarningEventId(GRANT_ID, 1));
    expect(sideEffectsOf(undefined, pendingGrant(), [], policy).map((m) => m.key)).toEqual([`lapse:${GRANT_ID}`]);
  });
});

describe('mapConcurrently', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
