/**
 * A break-glass's review reminder whose job the queue lost (a flushed Redis): the reconciler puts the job back even
 * though it is already due, the reminder is told once, and later sweeps leave it alone (DESIGN.md §7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BREAK_GLASS_REVIEW_DUE } from '../../src/domain/notification.ts';
import { loadAccessPolicy } from '../../src/policy/load-access-policy.ts';
import { BACKENDS, backendMissing, createJobsHarness, eventually, type JobsHarness } from '../support/jobs-harness.ts';
import { aRequest, staff } from '../support/services-harness.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
/** The on-call engineer examples/policy/60-break-glass.cedar lets break glass. */
const ONCALL = 'U0SAMPAT1';
const HOUR = 3_600_000;

describe.each(BACKENDS)('a lost break-glass review reminder on the %s backend', (kind) => {
  describe.skipIf(backendMissing(kind))('after the queue loses its data', () => {
    let h: JobsHarness;

    beforeAll(async () => {
      const loaded = await loadAccessPolicy({
        policyDir: EXAMPLES,
        requiredApprovals: 1,
        maxDurationMs: 8 * HOUR,
        approverChannelId: undefined,
      });
      if (!loaded.ok) throw new Error('the example policy folder does not load');
      h = await createJobsHarness(kind, {
        policy: { breakGlassMaxDurationMs: HOUR, breakGlassReviewWithinMs: HOUR },
        accessPolicy: loaded.policy,
      });
    });
    afterAll(async () => h?.close());

    /** A break-glass that started `agoMs` ago: its start is moved back in the database, as if time had passed. */
    async function breakGlassStarted(agoMs: number) {
      const request = aRequest({ requesterId: ONCALL, requesterEmail: 'sam@example.test', durationMs: 20 * 60_000 });
      const { grant } = await h.services.breakGlass(request);
      const key = `review-due:${grant.id}`;
      await eventually(async () => (await h.expiryJob(key))?.state === 'delayed', 15_000, `the ${key} job`);
      await h.db.adminQuery(`UPDATE grants SET start_time = start_time - $2 * interval '1 millisecond' WHERE id = $1`, [
        grant.id,
        agoMs,
      ]);
      return { grant, key };
    }
    const reminders = (grantId: string) =>
      h.notifier.sent.filter((n) => n.grantId === grantId && n.type === BREAK_GLASS_REVIEW_DUE);

    it('is put back by a sweep once overdue, told once, and not put back again', async () => {
      const { grant, key } = await breakGlassStarted(2 * HOUR);
      const reviewed = await breakGlassStarted(2 * HOUR);
      await h.services.reviewBreakGlass({
        grantId: reviewed.grant.id,
        reviewer: staff('UAPPROVER1'),
        outcome: 'acknowledged',
        note: null,
      });
      await h.loseQueueData();
      expect(await h.expiryJob(key)).toBeUndefined();

      // Their expiry and warning jobs, due within the horizon, come back too; the reviewed grant's reminder does not.
      expect(await h.runner.reconciler.sweep()).toMatchObject({ swept: true, rescheduled: expect.any(Number) });
      expect(await h.expiryJob(key)).toBeDefined();
      await eventually(async () => reminders(grant.id).length > 0, 15_000, 'the review reminder to be told');
      await eventually(async () => (await h.expiryJob(key))?.state === 'completed', 15_000, 'the job to complete');
      expect((await h.expiryJob(key))?.returnvalue).toBe('reminded');

      // The completed job is kept: later sweeps find it and put nothing back; the reviewed grant is never reminded.
      expect(await h.runner.reconciler.sweep()).toMatchObject({ swept: true, rescheduled: 0 });
      expect(reminders(grant.id)).toHaveLength(1);
      expect(reminders(reviewed.grant.id)).toEqual([]);
      expect(await h.expiryJob(`review-due:${reviewed.grant.id}`)).toBeUndefined();
    });
  });
});
