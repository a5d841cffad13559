/**
 * The delayed jobs' processors (expire, lapse, idle, remind) against the moment their use case decides: a job whose
 * use case found its grant "not due yet" goes back to sleep until the due moment, even when that moment has passed
 * by the time the processor looks (a commit on a busy machine), so that the job runs again at once and the grant is
 * never left to the reconciler. The use cases are the processors' ports; the job is BullMQ's Job as a processor
 * sees it, recording where it is put back to sleep.
 */
import { DelayedError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { expireProcessor } from '../../jobs/processors/expire-processor.ts';
import { idleProcessor } from '../../jobs/processors/idle-processor.ts';
import { lapseProcessor } from '../../jobs/processors/lapse-processor.ts';
import { nudgeProcessor } from '../../jobs/processors/nudge-processor.ts';
import type { GrantChange } from '../../src/app/change-grant.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { lapsesAtMs } from '../../src/domain/grant-policy.ts';
import { activeGrant, MINUTE, pendingGrant, plus, policy, REQUESTED_AT } from '../support/domain-fixture.ts';

function aJob(data: Record<string, unknown>) {
  const sleptUntil: number[] = [];
  const job = {
    id: 'job-1',
    data,
    moveToDelayed: async (timestamp: number) => void sleptUntil.push(timestamp),
  } as unknown as Job;
  return { job, sleptUntil };
}

const unchanged = (grant: Grant, note: string): GrantChange => ({ changed: false, grant, events: [], note });

describe('a delayed job whose grant is not due when its use case looks', () => {
  it('expire: sleeps again until expiresAt, even one already past', async () => {
    // The fixture's grant expired in 2026-11: long past by the time the processor looks.
    const grant = activeGrant();
    const processor = expireProcessor({
      expiryLook: async () => ({ status: 'ACTIVE', othersDue: false }),
      statusOf: async () => 'ACTIVE',
      expireDueGrants: async () => [],
      expireGrant: async () => unchanged(grant, 'not due yet'),
    });
    const { job, sleptUntil } = aJob({ grantId: grant.id, version: grant.expiryVersion });
    await expect(processor(job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(sleptUntil).toEqual([grant.expiresAt?.getTime()]);
  });

  it('expire: finishes for a superseded version', async () => {
    const grant = activeGrant();
    const processor = expireProcessor({
      expiryLook: async () => ({ status: 'ACTIVE', othersDue: false }),
      statusOf: async () => 'ACTIVE',
      expireDueGrants: async () => [],
      expireGrant: async () => unchanged(grant, 'extended since'),
    });
    const { job, sleptUntil } = aJob({ grantId: grant.id, version: grant.expiryVersion - 1 });
    await expect(processor(job, 'token')).resolves.toBe('unchanged: extended since');
    expect(sleptUntil).toEqual([]);
  });

  it('lapse: sleeps again until PENDING_TTL, even one already past; a decided request is left', async () => {
    const waiting = pendingGrant();
    const processor = lapseProcessor({ lapseGrant: async () => unchanged(waiting, 'not due yet'), policy });
    const { job, sleptUntil } = aJob({ grantId: waiting.id });
    await expect(processor(job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(sleptUntil).toEqual([lapsesAtMs(waiting, policy)]);

    const decided = lapseProcessor({ lapseGrant: async () => unchanged(activeGrant(), 'ACTIVE'), policy });
    await expect(decided(aJob({ grantId: waiting.id }).job, 'token')).resolves.toBe('unchanged: ACTIVE');
  });

  it('idle: sleeps again until the session would fall idle, even when that moment has passed', async () => {
    const idleAt = new Date(Date.now() - 50);
    const processor = idleProcessor({
      expireIdleGrant: async () => ({ change: unchanged(activeGrant(), 'in use'), idleAt }),
    });
    const { job, sleptUntil } = aJob({ grantId: 'g' });
    await expect(processor(job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(sleptUntil).toEqual([idleAt.getTime()]);
  });

  it('remind: sleeps again until APPROVAL_REMINDER, even one already past; once reminded it finishes', async () => {
    const reminding = { ...policy, approvalReminderMs: 15 * MINUTE };
    const waiting = pendingGrant();
    const processor = nudgeProcessor(
      { nudgePendingGrant: async () => unchanged(waiting, 'not due yet'), policy: reminding },
      'remind',
    );
    const { job, sleptUntil } = aJob({ grantId: waiting.id });
    await expect(processor(job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(sleptUntil).toEqual([plus(REQUESTED_AT, 15 * MINUTE).getTime()]);

    const reminded = { ...waiting, remindedAt: plus(REQUESTED_AT, 15 * MINUTE) };
    const again = nudgeProcessor(
      { nudgePendingGrant: async () => unchanged(reminded, 'already reminded'), policy: reminding },
      'remind',
    );
    await expect(again(aJob({ grantId: waiting.id }).job, 'token')).resolves.toBe('unchanged: already reminded');
  });
});

describe('an expiry job in a storm, whose grant another job has ended', () => {
  const refused = async (): Promise<never> => {
    throw new Error('no transaction expected');
  };

  it('finishes on its one read when nothing else is due and unclaimed', async () => {
    const processor = expireProcessor({
      expiryLook: async () => ({ status: 'ENDED', othersDue: false }),
      statusOf: refused,
      expireDueGrants: refused,
      expireGrant: refused,
    });
    const { job } = aJob({ grantId: 'g', version: 1 });
    await expect(processor(job, 'token')).resolves.toBe('unchanged: already ENDED');
  });

  it('still ends a batch of what is due when its read finds some unclaimed, then finishes', async () => {
    const claims: number[] = [];
    const processor = expireProcessor({
      expiryLook: async () => ({ status: 'ENDED', othersDue: true }),
      statusOf: refused,
      expireDueGrants: async ({ limit }) => {
        claims.push(limit);
        return ['other-1', 'other-2'];
      },
      expireGrant: refused,
    });
    const { job } = aJob({ grantId: 'g', version: 1 });
    await expect(processor(job, 'token')).resolves.toBe('unchanged: already ENDED');
    expect(claims).toHaveLength(1);
  });
});
