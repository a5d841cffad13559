import { describe, expect, it } from 'vitest';
import { QueueNames } from '../../jobs/queue-names.ts';
import { QueuedNotifier } from '../../jobs/queued-notifier.ts';
import { SWEEP_LOCK_KEY } from '../../jobs/reconciler.ts';
import { expiryWaits, jobsHarnessFor } from '../support/jobs-expiry-harness.ts';
import { BACKENDS, backendMissing, eventually, sleep } from '../support/jobs-harness.ts';

/** Timed transitions on real queues when the queue loses its data, and lapse: see jobs-expiry-timers.test.ts for how "on time" is checked. */

describe.each(BACKENDS)('background jobs on the %s backend', (kind) => {
  describe.skipIf(backendMissing(kind))('expiry, extension, revoke, redelivery, lost queue data, lapse', () => {
    const h = jobsHarnessFor(kind);
    const { finished, ended, queued } = expiryWaits(h);

    it('after the queue loses its data (Redis FLUSHALL), the reconciler still expires the grant', async () => {
      const grant = await h.activeGrant(1_500);
      await eventually(async () => (await h.expiryJob(`expire:${grant.id}:1`))?.state === 'delayed', 15_000, 'the job');
      await h.loseQueueData();
      expect(await h.expiryJob(`expire:${grant.id}:1`)).toBeUndefined();

      // Past its expiry nothing has fired: the job is gone.
      await sleep(Math.max(0, (grant.expiresAt?.getTime() ?? 0) + 300 - Date.now()));
      expect((await h.grant(grant.id)).status).toBe('ACTIVE');

      const report = await h.runner.reconciler.sweep();
      expect(report).toMatchObject({ swept: true, expired: 1, failed: 0 });
      expect(await h.grant(grant.id)).toMatchObject({ status: 'ENDED', endReason: 'EXPIRED' });
      expect((await h.trail(grant.id)).filter((t) => t === 'IMPERSONATION_END')).toHaveLength(1);
    });

    it('after the queue loses its data, a sweep before the due time puts the jobs back and they fire on time', async () => {
      const grant = await h.activeGrant(2_500);
      await eventually(async () => (await h.expiryJob(`expire:${grant.id}:1`))?.state === 'delayed', 15_000, 'the job');
      await h.loseQueueData();

      const report = await h.runner.reconciler.sweep();
      expect(report).toMatchObject({ swept: true, expired: 0 });
      expect(report.rescheduled).toBeGreaterThanOrEqual(1);
      expect((await h.expiryJob(`expire:${grant.id}:1`))?.state).toBe('delayed');
      expect(await h.runner.reconciler.sweep()).toMatchObject({ rescheduled: 0 });

      expect((await h.expiryJob(`expire:${grant.id}:1`))?.runAt).toBe(grant.expiresAt?.toISOString());

      const done = await ended(grant.id);
      expect(done.endTime?.getTime()).toBeGreaterThanOrEqual(grant.expiresAt?.getTime() ?? 0);
      expect((await finished(`expire:${grant.id}:1`)).returnvalue).toBe('expired');
    });

    it('a request nobody decides lapses after PENDING_TTL, through its delayed job', async () => {
      const { grant } = await h.services.requestGrant({
        requesterId: 'UREQUESTER',
        requesterEmail: null,
        tenant: 'acme-corp',
        targetUser: null,
        reason: 'Reproduce the billing bug reported in the ticket',
        ticketKey: 'OPS-123',
        durationMs: 60_000,
      });
      const lapseAt = grant.requestedAt.getTime() + 3_000;
      expect((await queued(`lapse:${grant.id}`)).runAt).toBe(new Date(lapseAt).toISOString());
      const lapsed = await eventually(
        async () => {
          const current = await h.grant(grant.id);
          return current.status === 'LAPSED' && current;
        },
        20_000,
        'the request to lapse',
      );
      expect(lapsed.decidedAt?.getTime()).toBeGreaterThanOrEqual(lapseAt);
      expect((await h.trail(grant.id)).filter((t) => t === 'GRANT_LAPSED')).toHaveLength(1);
      expect(await finished(`lapse:${grant.id}`)).toEqual({ state: 'completed', returnvalue: 'lapsed' });
    });

    it('sweeps in one process at a time: a sweep finding the lock held does nothing', async () => {
      const hold = h.db.sequelize.transaction(async (transaction) => {
        await h.db.sequelize.query(`SELECT pg_advisory_xact_lock(${SWEEP_LOCK_KEY})`, { transaction });
        expect(await h.runner.reconciler.sweep()).toMatchObject({ swept: false });
      });
      await hold;
      expect(await h.runner.reconciler.sweep()).toMatchObject({ swept: true });
    });

    it('a process without Slack hands its expiry warnings to the notify queue, once however often it retries', async () => {
      const grant = await h.activeGrant(60_000);
      const withoutSlack = new QueuedNotifier(h.runner.queues);
      const warning = { grantId: grant.id, eventId: `warn:${grant.id}:1`, type: 'EXPIRY_WARNING' as const };
      await withoutSlack.notify(warning);
      await withoutSlack.notify(warning);
      await eventually(
        async () => h.notifier.of(grant.id).includes('EXPIRY_WARNING'),
        3_000,
        'the handed-over warning',
      );
      // Once the notify queue has nothing left to run, a second delivery would have happened already.
      const notify = h.runner.queues.queue(QueueNames.notify);
      await eventually(
        async () => {
          const counts = await notify.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
          return Object.values(counts).every((n) => n === 0);
        },
        15_000,
        'the notify queue to drain',
      );
      expect(h.notifier.sent.filter((n) => n.eventId === warning.eventId)).toHaveLength(1);
    });
  });
});
