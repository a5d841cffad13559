/**
 * Work done under a "one process at a time" lock calls Jira or Redis; none of it may keep a Postgres transaction
 * open meanwhile (a pooled connection sitting `idle in transaction` holds locks and starves the pool). Jira and Redis
 * are made to stop answering, and the test looks at pg_stat_activity while Grantdesk waits on them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Queues } from '../../jobs/queues.ts';
import { Reconciler } from '../../jobs/reconciler.ts';
import { RedisQueueBackend } from '../../jobs/redis-queue-backend.ts';
import { startTicketRecheck } from '../../jobs/ticket-recheck-schedule.ts';
import { recheckTickets } from '../../src/app/recheck-tickets.ts';
import { JiraTicketTracker } from '../../src/jira/jira-ticket-tracker.ts';
import { createLogger } from '../../src/logger.ts';
import { DEFAULT_CREDENTIALS, type FakeJira, startFakeJira } from '../fakes/fake-jira.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { deleteKeysUnder } from '../support/delete-keys-under.ts';
import { startFreezableRedisProxy } from '../support/freezable-redis-proxy.ts';
import { backendMissing } from '../support/jobs-harness.ts';

const logger = createLogger('silent');
let h: ApiHarness;
let jira: FakeJira;

beforeAll(async () => {
  h = await createApiHarness();
  jira = await startFakeJira();
});
afterAll(async () => {
  await jira.stop();
  await h.close();
});

async function idleInTransaction(): Promise<number> {
  const { rows } = await h.db.adminQuery(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'`,
    [h.db.name],
  );
  return rows[0].n;
}

describe('no transaction stays open across a network call', () => {
  it('the ticket re-check waits on a slow Jira with no transaction open, holding off other replicas, while the API answers', async () => {
    const sessionId = await h.aSession();
    jira.addIssue({ key: 'OPS-123', summary: 'Billing bug', status: 'Done', statusCategory: 'done', assignee: null });
    const tracker = new JiraTicketTracker({ baseUrl: jira.url, ...DEFAULT_CREDENTIALS, timeoutMs: 60_000 });
    const schedule = () =>
      startTicketRecheck({
        sequelize: h.db.sequelize,
        intervalMs: 3_600_000,
        recheck: () => recheckTickets({ ...h.stores, ...h.services, tracker }),
        logger,
      });
    const [replica, other] = [schedule(), schedule()];
    const release = jira.holdAnswers();
    try {
      const run = replica.runOnce();
      await expect.poll(() => jira.requests.some((r) => r.path === '/rest/api/2/issue/OPS-123')).toBe(true);

      expect(await idleInTransaction()).toBe(0);
      expect(await other.runOnce()).toBeNull();
      const read = await h.call('GET', `/api/v1/impersonation/sessions/${sessionId}`, { token: 'auditReader' });
      expect([read.status, read.body.status]).toEqual([200, 'ACTIVE']);

      release();
      expect(await run).toMatchObject({ ticketsChecked: 1, grantsEnded: 1 });
      expect((await h.stores.grants.findById(sessionId))?.status).toBe('ENDED');
    } finally {
      release();
      await Promise.all([replica.stop(), other.stop()]);
    }
  });

  it.skipIf(backendMissing('redis'))(
    'the reconciler waits on a stalled Redis with no transaction open, holding off other sweeps',
    async () => {
      await h.aSession();
      const redisUrl = inject('redisUrl') as string;
      const proxy = await startFreezableRedisProxy(redisUrl);
      const prefix = `gd-test-${randomBytes(4).toString('hex')}`;
      const backend = await RedisQueueBackend.open({ redisUrl: proxy.url, prefix, logger });
      const queues = new Queues(backend);
      const reconciler = (intervalMs: number) =>
        new Reconciler({ sequelize: h.db.sequelize, services: h.services, queues, clock: h.clock, logger, intervalMs });
      try {
        proxy.freeze();
        // Two hours ahead: the active grant's expiry timer is due within it, so the sweep asks the queue for it.
        const sweeping = reconciler(3_600_000).sweep();
        await expect.poll(() => proxy.held()).toBeGreaterThan(0);
        expect(await idleInTransaction()).toBe(0);
        expect(await reconciler(3_600_000).sweep()).toMatchObject({ swept: false });
        proxy.thaw();
        expect(await sweeping).toMatchObject({ swept: true, rescheduled: expect.any(Number) });
      } finally {
        proxy.thaw();
        await queues.close();
        await backend.close();
        await proxy.close();
        await deleteKeysUnder(redisUrl, prefix);
      }
    },
  );
});
