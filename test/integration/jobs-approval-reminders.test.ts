import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobRunner, startJobRunner } from '../../jobs/job-runner.ts';
import { createLogger } from '../../src/logger.ts';
import { systemClock } from '../../src/system-clock.ts';
import {
  BACKENDS,
  backendMissing,
  createJobsHarness,
  eventually,
  type JobsHarness,
  RecordingNotifier,
} from '../support/jobs-harness.ts';
import { aRequest, staff } from '../support/services-harness.ts';

/**
 * Reminders and escalation (DESIGN.md §7) with two job runners on one database and one queue, as two workers run
 * them: each nudge happens once per request, none after a decision, none after the lapse.
 */
const policy = { pendingTtlMs: 3_000, approvalReminderMs: 1_000, approvalEscalationMs: 2_000 };

describe.each(BACKENDS)('reminders and escalation on the %s backend', (kind) => {
  describe.skipIf(backendMissing(kind))('with two workers', () => {
    let h: JobsHarness;
    let second: JobRunner;
    const secondNotifier = new RecordingNotifier();

    beforeAll(async () => {
      h = await createJobsHarness(kind, { policy });
      second = await startJobRunner({
        backend: h.backend,
        services: h.services,
        policy,
        sequelize: h.db.sequelize,
        databaseUrl: h.db.url,
        notifier: secondNotifier,
        commenter: null,
        clock: systemClock,
        logger: createLogger('silent'),
        reconcileIntervalMs: 3_600_000,
      });
    });
    afterAll(async () => {
      await second?.close();
      await h?.close();
    });

    const told = (grantId: string, type: string) =>
      [...h.notifier.sent, ...secondNotifier.sent].filter((n) => n.grantId === grantId && n.type === type);

    it('reminds and escalates a request nobody decides once each, then it lapses', async () => {
      const { grant } = await h.services.requestGrant(aRequest({ tenant: 'remind-corp', durationMs: 60_000 }));
      const lapsed = await eventually(
        async () => (await h.grant(grant.id)).status === 'LAPSED' && told(grant.id, 'GRANT_LAPSED').length > 0,
        20_000,
        'the request to lapse and its lapse to be told',
      );
      expect(lapsed).toBe(true);
      const trail = await h.trail(grant.id);
      expect(trail.filter((t) => t === 'GRANT_APPROVAL_REMINDED')).toHaveLength(1);
      expect(trail.filter((t) => t === 'GRANT_ESCALATED')).toHaveLength(1);
      expect(trail).toEqual(['GRANT_REQUESTED', 'GRANT_APPROVAL_REMINDED', 'GRANT_ESCALATED', 'GRANT_LAPSED']);
      expect(told(grant.id, 'GRANT_APPROVAL_REMINDED')).toHaveLength(1);
      expect(told(grant.id, 'GRANT_ESCALATED')).toHaveLength(1);
      const current = await h.grant(grant.id);
      expect(current.remindedAt?.getTime()).toBeGreaterThanOrEqual(grant.requestedAt.getTime() + 1_000);
      expect(current.escalatedAt?.getTime()).toBeGreaterThanOrEqual(grant.requestedAt.getTime() + 2_000);

      // After the lapse, a late or repeated job changes nothing.
      const again = await h.services.nudgePendingGrant({ grantId: grant.id, nudge: 'remind' });
      expect(again).toMatchObject({ changed: false });
      expect(again.note).toMatch(/LAPSED, nothing to remind about/);
    });

    it('decides each nudge in the database: deliveries racing on both workers record one', async () => {
      const { grant } = await h.services.requestGrant(aRequest({ tenant: 'race-corp', durationMs: 60_000 }));
      await eventually(async () => Boolean((await h.grant(grant.id)).remindedAt), 15_000, 'the reminder');
      const redeliveries = await Promise.all(
        Array.from({ length: 4 }, () => h.services.nudgePendingGrant({ grantId: grant.id, nudge: 'remind' })),
      );
      expect(redeliveries.filter((change) => change.changed)).toHaveLength(0);
      expect((await h.trail(grant.id)).filter((t) => t === 'GRANT_APPROVAL_REMINDED')).toHaveLength(1);
    });

    it('neither reminds nor escalates a request approved before its time, and drops its jobs', async () => {
      const { grant } = await h.services.requestGrant(aRequest({ tenant: 'decided-corp', durationMs: 60_000 }));
      await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
      for (const key of [`remind:${grant.id}`, `escalate:${grant.id}`]) {
        // Removed by the relay once it passed the decision on; or, had it already run, it found nothing to do.
        await eventually(
          async () => {
            const job = await h.expiryJob(key);
            return job === undefined || (job.state === 'completed' && String(job.returnvalue).startsWith('unchanged'));
          },
          15_000,
          `${key} to be dropped`,
        );
      }
      const trail = await h.trail(grant.id);
      expect(trail).not.toContain('GRANT_APPROVAL_REMINDED');
      expect(trail).not.toContain('GRANT_ESCALATED');
      const late = await h.services.nudgePendingGrant({ grantId: grant.id, nudge: 'escalate' });
      expect(late.note).toMatch(/ACTIVE, nothing to escalate/);
      expect(told(grant.id, 'GRANT_APPROVAL_REMINDED')).toEqual([]);
    });
    it('after the queue loses its data, the reconciler sends the lost reminder, once', async () => {
      const { grant } = await h.services.requestGrant(aRequest({ tenant: 'lost-corp', durationMs: 60_000 }));
      await eventually(async () => (await h.expiryJob(`remind:${grant.id}`))?.state === 'delayed', 15_000, 'the job');
      await h.loseQueueData();
      expect(await h.expiryJob(`remind:${grant.id}`)).toBeUndefined();

      await eventually(
        async () => {
          await h.runner.reconciler.sweep();
          return Boolean((await h.grant(grant.id)).remindedAt);
        },
        15_000,
        'a sweep to send the lost reminder',
      );
      expect(await h.runner.reconciler.sweep()).toMatchObject({ swept: true });
      expect((await h.trail(grant.id)).filter((t) => t === 'GRANT_APPROVAL_REMINDED')).toHaveLength(1);
      await eventually(
        async () => told(grant.id, 'GRANT_APPROVAL_REMINDED').length > 0,
        15_000,
        'the reminder to be told',
      );
    });
  });
});
