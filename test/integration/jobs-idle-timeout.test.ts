import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  backendMissing,
  createJobsHarness,
  eventually,
  type JobsHarness,
  sleep,
} from '../support/jobs-harness.ts';

/** Long enough that a use recorded right after approval always comes before it, short enough to wait for. */
const IDLE_MS = 2_500;
const console = { kind: 'api-client' as const, id: 'console-token' };

describe.each(BACKENDS)('SESSION_IDLE_TIMEOUT on the %s backend', (kind) => {
  describe.skipIf(backendMissing(kind))('idle sessions end EXPIRED', () => {
    let h: JobsHarness;
    beforeAll(async () => {
      h = await createJobsHarness(kind, { policy: { idleTimeoutMs: IDLE_MS } });
    });
    afterAll(() => h?.close());

    const ended = (id: string) =>
      eventually(
        async () => {
          const grant = await h.grant(id);
          return grant.status === 'ENDED' && grant;
        },
        15_000,
        `grant ${id} to end`,
      );
    const endEvent = async (id: string) =>
      (await h.stores.audit.byGrant(id)).filter((event) => event.type === 'IMPERSONATION_END');

    it('ends an unused session EXPIRED with details.idle, told in Slack and on the ticket like any expiry', async () => {
      const grant = await h.activeGrant(3_600_000);
      const done = await ended(grant.id);
      expect(done).toMatchObject({ endReason: 'EXPIRED', endedBy: 'idle-expiry' });
      expect(done.endTime!.getTime()).toBeGreaterThanOrEqual(grant.startTime!.getTime() + IDLE_MS);
      expect(done.endTime!.getTime()).toBeLessThan(grant.expiresAt!.getTime());
      const events = await endEvent(grant.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        severity: 'HIGH',
        actor: { kind: 'system', id: 'idle-expiry' },
        details: { endReason: 'EXPIRED', idle: true },
      });
      await eventually(async () => h.notifier.of(grant.id).includes('IMPERSONATION_END'), 5_000, 'the Slack notice');
      await eventually(
        async () => h.tracker.comments.some((c) => c.body.includes(`${grant.shortCode}`) && c.body.includes('ENDED')),
        5_000,
        'the Jira comment',
      );
    });

    it('keeps a used session alive: it ends only once idle for the timeout after its last use or action', async () => {
      const grant = await h.activeGrant(3_600_000);
      await h.services.recordUse({ grantId: grant.id, actor: console, ipAddress: '10.0.0.7', userAgent: 'Console/1' });
      await h.services.recordAction({ grantId: grant.id, actor: console, action: 'opened the billing page' });
      const [action] = await h.stores.grants.actionsOf(grant.id);
      const done = await ended(grant.id);
      expect(done.endReason).toBe('EXPIRED');
      expect(done.endTime!.getTime()).toBeGreaterThanOrEqual(action!.recordedAt.getTime() + IDLE_MS);
      expect((await endEvent(grant.id))[0]?.details).toMatchObject({ idle: true });
      // Ended is ended: the console's next use is refused.
      await expect(
        h.services.recordUse({ grantId: grant.id, actor: console, ipAddress: null, userAgent: null }),
      ).rejects.toMatchObject({ code: 'grant_not_active' });
    });

    it('is caught by the reconciler when the queue lost the idle job', async () => {
      const grant = await h.activeGrant(3_600_000);
      // Lost once it was queued: the outbox relay hands it over a moment after the approval commits.
      await eventually(async () => h.expiryJob(`idle:${grant.id}`), 5_000, 'the idle job to be queued');
      await h.loseQueueData();
      // The first sweep must come after the idle moment: one before it would rightly put the lost job back instead.
      await sleep(Math.max(0, grant.startTime!.getTime() + IDLE_MS + 100 - Date.now()));
      expect((await h.grant(grant.id)).status).toBe('ACTIVE');
      const report = await h.runner.reconciler.sweep();
      expect(report).toMatchObject({ swept: true, idled: 1, failed: 0 });
      expect(await h.grant(grant.id)).toMatchObject({ status: 'ENDED', endReason: 'EXPIRED' });
      expect(await endEvent(grant.id)).toHaveLength(1);
      expect(await h.runner.reconciler.sweep()).toMatchObject({ idled: 0 });
    });
  });
});
