/**
 * The weekly digest as a BullMQ job, on both queue backends: two replicas add the week's job, the bot is not in the
 * compliance channel (Slack's `not_in_channel` to the file upload), the job is retried with backoff, every replica
 * restarts meanwhile, and once the bot is let in the files go up. The message is posted exactly once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ComplianceJobs, startComplianceJobs } from '../../jobs/compliance-jobs.ts';
import { openQueueBackend } from '../../jobs/open-queue-backend.ts';
import type { QueueBackend } from '../../jobs/queue-backend.ts';
import { createLogger } from '../../src/logger.ts';
import {
  COMPLIANCE_CHANNEL,
  type ComplianceHarness,
  complianceSettings,
  createComplianceHarness,
} from '../support/compliance-harness.ts';
import { deleteKeysUnder } from '../support/delete-keys-under.ts';
import { SEEDED_ANOMALIES, seedWeek } from '../support/digest-week-seed.ts';
import { BACKENDS, backendMissing, eventually } from '../support/jobs-harness.ts';

/** Monday 09:00 in Paris after 2026-W45: the cron firing that reports that week. */
const FIRED_AT = new Date('2026-11-09T08:00:00Z');
const NEVER = '0 0 1 1 *';
const DAY = 24 * 3_600_000;

describe.each(BACKENDS)('on %s', (kind) => {
  describe.skipIf(backendMissing(kind))('the weekly digest job', () => {
    let h: ComplianceHarness;
    let backend: QueueBackend;
    const prefix = `gdcompliance-${randomBytes(4).toString('hex')}`;
    const replicas: ComplianceJobs[] = [];
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const start = (owner: string) => {
      const { runDigest, scanAnomalies } = h.replica(owner, {
        settings: { ...complianceSettings, scanLookbackMs: 8 * DAY },
      });
      const jobs = startComplianceJobs({
        backend,
        runDigest,
        scanAnomalies,
        digestCron: NEVER,
        anomalyCron: NEVER,
        timezone: 'Europe/Paris',
        logger,
        retry: { attempts: 30, backoffMs: 100 },
      });
      replicas.push(jobs);
      return jobs;
    };

    beforeAll(async () => {
      h = await createComplianceHarness();
      const seeded = await seedWeek(h, { year: 2026, week: 45 });
      // Just after the week; the scans look back over all of it.
      h.clock.set(new Date(seeded.end.getTime() + 60_000));
      const redisUrl = kind === 'redis' ? (inject('redisUrl') ?? undefined) : undefined;
      backend = await openQueueBackend({ redisUrl, databaseUrl: h.db.url, prefix, logger });
    }, 60_000);
    afterAll(async () => {
      for (const jobs of replicas.splice(0)) await jobs.stop();
      await backend?.close();
      // The jobs' keys, so that a run leaves nothing behind in a Redis it shares.
      if (kind === 'redis') await deleteKeysUnder(inject('redisUrl') as string, prefix);
      await h?.close();
    }, 60_000);

    const digests = () => h.slack.topLevelMessages(COMPLIANCE_CHANNEL).filter((m) => m.blocks.length > 0);
    const run = async () =>
      (await h.db.adminQuery("SELECT status, details FROM schedule_runs WHERE period = '2026-W45'")).rows[0];

    it('posts the message once across retries and restarts, and retries the upload until it works', async () => {
      h.slack.setBotMember(COMPLIANCE_CHANNEL, false);
      const [a, b] = [start('replica-a'), start('replica-b')];
      const ids = await Promise.all([a.enqueueDigest(FIRED_AT), b.enqueueDigest(FIRED_AT)]);
      expect(ids).toEqual(['weekly-digest.2026-W45', 'weekly-digest.2026-W45']);
      expect(await a.queue.getJobCountByTypes('waiting', 'delayed', 'active', 'completed', 'failed')).toBe(1);

      // Three attempts refused by Slack: the message went out with the first, the run keeps its ts as progress.
      const failing = await eventually(
        async () => {
          const job = await a.queue.getJob(ids[0]);
          return job && job.attemptsMade >= 3 ? job : undefined;
        },
        30_000,
        'three failed attempts',
      );
      expect(failing.failedReason).toMatch(/not_in_channel/);
      // Every replica stops (each waits for an attempt it is running to end), so no further attempt can be under way
      // while the run's row is read; the job waits in the queue for the next replica.
      for (const jobs of replicas.splice(0)) await jobs.stop();
      expect(digests()).toHaveLength(1);
      const message = digests()[0]!;
      expect(message.text).toContain('Weekly access digest 2026-W45');
      expect(h.slack.files()).toHaveLength(0);
      expect(await run()).toMatchObject({ status: 'failed', details: { progress: { messageTs: message.ts } } });

      h.slack.setBotMember(COMPLIANCE_CHANNEL, true);
      const c = start('replica-c');
      const done = await eventually(
        async () => ((await c.queue.getJob(ids[0]))?.finishedOn ? c.queue.getJob(ids[0]) : undefined),
        30_000,
        'the job to finish',
      );
      expect(await done?.getState()).toBe('completed');
      expect(done?.returnvalue).toBe('posted');
      expect(digests()).toHaveLength(1);
      expect(h.slack.files().map((file) => [file.filename, file.threadTs])).toEqual([
        ['grantdesk-sessions-2026-W45.png', message.ts],
        ['grantdesk-sessions-2026-W45.csv', message.ts],
      ]);
      expect(await run()).toMatchObject({ status: 'done', details: { messageTs: message.ts } });
      const posted = await h.db.adminQuery("SELECT count(*)::int AS n FROM audit_events WHERE type = 'DIGEST_POSTED'");
      expect(posted.rows[0].n).toBe(1);

      // A later firing for the same week (another replica, late) changes nothing.
      await c.enqueueDigest(FIRED_AT);
      expect(await c.queue.getJobCountByTypes('waiting', 'delayed', 'active')).toBe(0);
      expect(digests()).toHaveLength(1);
    }, 90_000);

    it('scans once per tick however many replicas add it, and retries a failed post until each finding is out', async () => {
      const alerts = () => digests().filter((m) => !m.text.startsWith('Weekly access digest'));
      // A cron tick (whole seconds); a replica's clock a few hundred milliseconds later still names the same tick.
      const tick = new Date(Math.floor(h.clock.now().getTime() / 1_000) * 1_000);
      h.slack.rateLimit('chat.postMessage', 0);
      const [a, b] = [start('replica-d'), start('replica-e')];
      const ids = await Promise.all([a.enqueueScan(tick), b.enqueueScan(new Date(tick.getTime() + 400))]);
      expect(ids[1]).toBe(ids[0]);
      await eventually(async () => ((await a.queue.getJob(ids[0]))?.attemptsMade ?? 0) >= 2, 30_000, 'two failures');
      h.slack.rateLimit('chat.postMessage', null);
      const done = await eventually(
        async () => ((await a.queue.getJob(ids[0]))?.finishedOn ? a.queue.getJob(ids[0]) : undefined),
        30_000,
        'the scan to finish',
      );
      expect(await done?.getState()).toBe('completed');
      expect(alerts()).toHaveLength(2);
      const keys = await h.db.adminQuery("SELECT key FROM posted_findings WHERE status = 'done'");
      expect(keys.rows).toHaveLength(SEEDED_ANOMALIES.length);
    }, 90_000);
  });
});
