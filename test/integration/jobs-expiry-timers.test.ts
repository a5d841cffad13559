import { afterEach, describe, expect, it } from 'vitest';
import { jobIdOf } from '../../jobs/outbox-job.ts';
import { QueueNames } from '../../jobs/queue-names.ts';
import { expiryWaits, jobsHarnessFor } from '../support/jobs-expiry-harness.ts';
import { BACKENDS, backendMissing, eventually, sleep } from '../support/jobs-harness.ts';
import { staff } from '../support/services-harness.ts';

/**
 * Timed transitions on real queues: each grant lasts a second or two and the test waits for the wall clock. How late
 * a job fires depends on how busy the machine is, so "on time" is checked where it is decided, not measured: each
 * timer is scheduled for the instant it is due (its `runAt`), the reconciler is idle (its interval is an hour), and
 * the grant's own job is the one that ended it. How late jobs fire under load is measured by `npm run bench:expiry`.
 */

describe.each(BACKENDS)('background jobs on the %s backend', (kind) => {
  describe.skipIf(backendMissing(kind))('expiry, extension, revoke, redelivery, lost queue data, lapse', () => {
    const h = jobsHarnessFor(kind);
    const { finished, ended, queued } = expiryWaits(h);
    // Tests that hold the expiry workers resume them; should one fail first, its failure stays its own and the next
    // test's jobs still run.
    afterEach(() => {
      for (const worker of h.runner.workers) if (worker.isPaused()) worker.resume();
    });

    it('expires a grant at its expiresAt through its delayed job, once, after warning the requester', async () => {
      const grant = await h.activeGrant(2_000);
      expect(grant.expiryVersion).toBe(1);
      const expiresAt = grant.expiresAt?.getTime() ?? 0;
      // Scheduled for the instant it is due, and the warning EXPIRY_WARNING (1 s) before.
      expect((await queued(`expire:${grant.id}:1`)).runAt).toBe(new Date(expiresAt).toISOString());
      expect((await queued(`warn:${grant.id}:1`)).runAt).toBe(new Date(expiresAt - 1_000).toISOString());

      const done = await ended(grant.id);
      expect(done.endReason).toBe('EXPIRED');
      expect(done.endTime?.getTime()).toBeGreaterThanOrEqual(expiresAt);
      expect((await h.trail(grant.id)).filter((t) => t === 'IMPERSONATION_END')).toHaveLength(1);
      expect(await finished(`expire:${grant.id}:1`)).toEqual({ state: 'completed', returnvalue: 'expired' });
      // Approval made the request's lapse job moot (the next test shows the relay removing it): had it fired first,
      // on a machine too busy for the relay to remove it within PENDING_TTL, it changed nothing.
      expect((await h.trail(grant.id)).filter((t) => t === 'GRANT_LAPSED')).toEqual([]);

      await eventually(
        async () => h.notifier.of(grant.id).includes('IMPERSONATION_END'),
        15_000,
        'the end notification',
      );
      const warning = h.notifier.sent.find((n) => n.grantId === grant.id && n.type === 'EXPIRY_WARNING');
      expect(warning?.eventId).toBe(`warn:${grant.id}:1`);

      const comments = await eventually(
        async () => {
          const mine = h.tracker.comments.filter((c) => c.body.includes(grant.shortCode));
          return mine.length === 2 && mine;
        },
        15_000,
        'the Jira comments',
      );
      expect(comments.map((c) => c.body.split('\n')[0])).toEqual([
        `Grantdesk: impersonation grant ${grant.shortCode} is ACTIVE.`,
        `Grantdesk: impersonation grant ${grant.shortCode} on tenant acme-corp has ENDED.`,
      ]);
    });

    it("approval removes the request's lapse job from the queue", async () => {
      // The workers wait, so the lapse job (due PENDING_TTL after the request) cannot fire before the relay removes
      // it, however busy the machine is: what is checked is the removal, not a race with the timer.
      const expiryWorkers = h.runner.workers.filter((worker) => worker.name.endsWith(QueueNames.expiry));
      await Promise.all(expiryWorkers.map((worker) => worker.pause(true)));
      try {
        const grant = await h.activeGrant(60_000);
        // Every outbox row of the grant sent: the lapse job was added, and the approval's removal of it relayed.
        await eventually(
          async () =>
            Number(
              (
                await h.db.adminQuery('SELECT count(*) FROM outbox WHERE sent_at IS NULL AND payload::text LIKE $1', [
                  `%${grant.id}%`,
                ])
              ).rows[0]?.count,
            ) === 0,
          15_000,
          'the relay',
        );
        // The relay removes moot jobs after its batch commits: wait for the removal, not only for the rows.
        await eventually(async () => (await h.expiryJob(`lapse:${grant.id}`)) === undefined, 15_000, 'the removal');
        expect((await h.expiryJob(`expire:${grant.id}:1`))?.state).toBe('delayed');
        await h.services.revokeGrant({ grantId: grant.id, approver: staff('UAPPROVER2'), reason: 'Test is over' });
      } finally {
        for (const worker of expiryWorkers) worker.resume();
      }
    });

    it('an extension moves the expiry; the job for the superseded version changes nothing', async () => {
      // The workers wait while the grant is approved and extended, so that the first version's warning (due a
      // second after approval) cannot go out before the extension, however long a busy machine takes over it. The
      // extension leaves two seconds between the first version's expiry and the second's warning.
      const expiryWorkers = h.runner.workers.filter((worker) => worker.name.endsWith(QueueNames.expiry));
      await Promise.all(expiryWorkers.map((worker) => worker.pause(true)));
      const grant = await h.activeGrant(2_000);
      await h.services.extendGrant({
        grantId: grant.id,
        actor: staff('UREQUESTER'),
        durationMs: 3_000,
        reason: 'Need a little longer to finish the export',
      });
      const extended = (await h.services.approveExtension({ grantId: grant.id, approver: staff('UAPPROVER2') })).grant;
      for (const worker of expiryWorkers) worker.resume();
      expect(extended.expiryVersion).toBe(2);
      expect(extended.expiresAt?.getTime()).toBe((grant.expiresAt?.getTime() ?? 0) + 3_000);
      expect((await queued(`expire:${grant.id}:2`)).runAt).toBe(extended.expiresAt?.toISOString());

      const superseded = await finished(`expire:${grant.id}:1`);
      expect((await h.grant(grant.id)).status).toBe('ACTIVE');
      expect(String(superseded?.returnvalue)).toContain('superseded');

      const done = await ended(grant.id);
      expect(done.endReason).toBe('EXPIRED');
      expect(done.endTime?.getTime()).toBeGreaterThanOrEqual(extended.expiresAt?.getTime() ?? 0);
      expect((await finished(`expire:${grant.id}:2`)).returnvalue).toBe('expired');
      expect((await h.trail(grant.id)).filter((t) => t === 'IMPERSONATION_END')).toHaveLength(1);
      const warnings = h.notifier.sent.filter((n) => n.grantId === grant.id && n.type === 'EXPIRY_WARNING');
      expect(warnings.map((w) => w.eventId)).toEqual([`warn:${grant.id}:2`]);
    });

    it('revoke ends the grant at once and removes its pending expiry, which could no longer change anything', async () => {
      const grant = await h.activeGrant(2_500);
      await eventually(async () => (await h.expiryJob(`expire:${grant.id}:1`))?.state === 'delayed', 15_000, 'the job');

      const revoked = await h.services.revokeGrant({
        grantId: grant.id,
        approver: staff('UAPPROVER2'),
        reason: 'Customer withdrew consent',
      });
      expect(revoked.grant).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
      // Both timers are removed by the relay, one request each: wait for both rather than assume an order.
      const timers = [`expire:${grant.id}:1`, `warn:${grant.id}:1`];
      await eventually(
        async () => (await Promise.all(timers.map((key) => h.expiryJob(key)))).every((job) => job === undefined),
        3_000,
        'removal of the expire and warn jobs',
      );

      await sleep(Math.max(0, (grant.expiresAt?.getTime() ?? 0) + 500 - Date.now()));
      expect(await h.grant(grant.id)).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
      expect((await h.trail(grant.id)).filter((t) => t === 'IMPERSONATION_END')).toHaveLength(1);
    });

    it('a job delivered twice, relayed twice or run twice at once transitions the grant once', async () => {
      // The workers wait until every copy is queued, so that the real job is still pending when it is relayed again,
      // however long a busy machine takes over the set-up, and all four run together once they resume.
      const expiryWorkers = h.runner.workers.filter((worker) => worker.name.endsWith(QueueNames.expiry));
      await Promise.all(expiryWorkers.map((worker) => worker.pause(true)));
      const grant = await h.activeGrant(1_500);
      const key = `expire:${grant.id}:1`;
      await queued(key);

      // The relay sends the row again (as after a crash between adding the job and marking the row sent): this call,
      // or the running relay's own poll if that takes the row first.
      await h.db.adminQuery('UPDATE outbox SET sent_at = NULL WHERE key = $1', [key]);
      await h.runner.relay.relayOnce();
      const row = async () => (await h.db.adminQuery('SELECT sent_at FROM outbox WHERE key = $1', [key])).rows[0];
      await eventually(async () => (await row())?.sent_at != null, 15_000, 'the row relayed again');
      const expiry = h.runner.queues.queue(QueueNames.expiry);
      expect(
        (await expiry.getJobs(['delayed', 'waiting', 'prioritized'])).filter(
          (job) => job.data.grantId === grant.id && job.name === 'expire',
        ),
      ).toHaveLength(1);

      // Three more deliveries BullMQ does not deduplicate (other job ids), due at the same instant: the workers run
      // them concurrently with the real one, and the row lock lets exactly one end the grant.
      const delay = Math.max(0, (grant.expiresAt?.getTime() ?? 0) - Date.now());
      for (const copy of [1, 2, 3]) {
        await expiry.add('expire', { grantId: grant.id, version: 1 }, { jobId: `${jobIdOf(key)}.copy${copy}`, delay });
      }
      for (const worker of expiryWorkers) worker.resume();
      const done = await ended(grant.id);
      expect(done.endReason).toBe('EXPIRED');
      const results = await Promise.all([key, ...[1, 2, 3].map((c) => `${key}:copy${c}`)].map(finished));
      expect((await h.trail(grant.id)).filter((t) => t === 'IMPERSONATION_END')).toHaveLength(1);
      expect(results.filter((r) => r?.returnvalue === 'expired')).toHaveLength(1);
    });

    it('a copy of the job that runs after the grant ended finds it ENDED and changes nothing', async () => {
      const grant = await h.activeGrant(1_000);
      const key = `expire:${grant.id}:1`;
      await ended(grant.id);
      await finished(key);

      const expiry = h.runner.queues.queue(QueueNames.expiry);
      await expiry.add('expire', { grantId: grant.id, version: 1 }, { jobId: `${jobIdOf(key)}.late` });
      expect(await finished(`${key}:late`)).toEqual({ state: 'completed', returnvalue: 'unchanged: already ENDED' });
      expect((await h.trail(grant.id)).filter((t) => t === 'IMPERSONATION_END')).toHaveLength(1);
    });
  });
});
