/**
 * An in-process Grantdesk job runner on a suite's own database and queue namespace, on real time (the system clock):
 * delayed jobs fire by the wall clock, so these tests use grants lasting a second or two. Ports are small real
 * implementations: an in-memory Jira that records comments, a notifier that records notifications.
 */

import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { JiraTicketCommenter } from '../../jobs/jira-ticket-commenter.ts';
import { type JobRunner, startJobRunner } from '../../jobs/job-runner.ts';
import { openQueueBackend } from '../../jobs/open-queue-backend.ts';
import type { QueueBackend } from '../../jobs/queue-backend.ts';
import { QueueNames } from '../../jobs/queue-names.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createStores, type Stores } from '../../src/db/stores.ts';
import type { Grant } from '../../src/domain/grant.ts';
import type { GrantPolicy } from '../../src/domain/grant-policy.ts';
import type { Notification, Notifier } from '../../src/domain/notification.ts';
import type { AccessPolicy } from '../../src/domain/policy/access-policy.ts';
import { createLogger } from '../../src/logger.ts';
import { randomIds, systemClock } from '../../src/system-clock.ts';
import { deleteKeysUnder } from './delete-keys-under.ts';
import { aRequest, InMemoryTracker, StaticAccess, staff, testPolicy } from './services-harness.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export type BackendKind = 'redis' | 'postgres';

/** Queue tests run on both backends; Redis only where one answers (the global setup looked). */
export const BACKENDS: BackendKind[] = ['redis', 'postgres'];

export function backendMissing(kind: BackendKind): boolean {
  const missing = kind === 'redis' && inject('redisUrl') === null;
  if (missing) console.warn('SKIPPED: the Redis backend job tests (no Redis answered at REDIS_URL or 127.0.0.1:6379)');
  return missing;
}

/** Short enough for real-time tests: grants of a second or two, warnings a second before. */
export const jobsPolicy: GrantPolicy = {
  ...testPolicy,
  minDurationMs: 1_000,
  defaultDurationMs: 2_000,
  maxDurationMs: 3_600_000,
  pendingTtlMs: 3_000,
  expiryWarningMs: 1_000,
};

export class RecordingNotifier implements Notifier {
  readonly sent: (Notification & { at: number })[] = [];
  async notify(notification: Notification): Promise<void> {
    this.sent.push({ ...notification, at: Date.now() });
  }
  of(grantId: string): string[] {
    return this.sent.filter((n) => n.grantId === grantId).map((n) => n.type);
  }
}

export interface JobsHarness {
  kind: BackendKind;
  prefix: string;
  db: TestDatabase;
  services: Services;
  /** The stores on the test database, for reading state back in assertions. */
  stores: Stores;
  backend: QueueBackend;
  runner: JobRunner;
  notifier: RecordingNotifier;
  tracker: InMemoryTracker;
  /** Requests a grant and approves it now: ACTIVE until now + durationMs. */
  activeGrant(durationMs: number): Promise<Grant>;
  grant(id: string): Promise<Grant>;
  /** The audit event types recorded for a grant, in order. */
  trail(grantId: string): Promise<string[]>;
  /**
   * The state of a job on the expiry queue, by outbox key, and the time it is scheduled for (`runAt`: the job's delay
   * runs until then); undefined when the queue does not have it.
   */
  expiryJob(key: string): Promise<{ state: string; returnvalue: unknown; runAt: string | undefined } | undefined>;
  /** What a Redis FLUSHALL does to this suite: every job and queue record gone. */
  loseQueueData(): Promise<void>;
  close(): Promise<void>;
}

export async function createJobsHarness(
  kind: BackendKind,
  options: { reconcileIntervalMs?: number; policy?: Partial<GrantPolicy>; accessPolicy?: AccessPolicy } = {},
): Promise<JobsHarness> {
  const db = await createTestDatabase();
  const tracker = new InMemoryTracker();
  tracker.add('OPS-123');
  const stores = createStores(db.sequelize, randomIds);
  const policy = { ...jobsPolicy, ...options.policy };
  const services = createServices({
    sequelize: db.sequelize,
    stores,
    tracker,
    access: new StaticAccess(),
    clock: systemClock,
    ids: randomIds,
    policy,
    ticketPolicy: { allowedProjects: [], requireOpen: true },
    ...(options.accessPolicy && { accessPolicy: options.accessPolicy }),
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const prefix = `gdtest-${randomBytes(4).toString('hex')}`;
  const redisUrl = kind === 'redis' ? (inject('redisUrl') ?? undefined) : undefined;
  const backend = await openQueueBackend({ redisUrl, databaseUrl: db.url, prefix, logger });
  const notifier = new RecordingNotifier();
  const runner = await startJobRunner({
    backend,
    services,
    policy,
    sequelize: db.sequelize,
    databaseUrl: db.url,
    notifier,
    commenter: new JiraTicketCommenter({ grants: stores.grants, audit: stores.audit, tracker }),
    clock: systemClock,
    logger,
    // Long by default: tests that need the reconciler call sweep() themselves, so they know who did what.
    reconcileIntervalMs: options.reconcileIntervalMs ?? 3_600_000,
  });

  const expiry = () => runner.queues.queue(QueueNames.expiry);
  return {
    kind,
    prefix,
    db,
    services,
    stores,
    backend,
    runner,
    notifier,
    tracker,
    async activeGrant(durationMs) {
      const { grant } = await services.requestGrant(aRequest({ durationMs }));
      return (await services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') })).grant;
    },
    async grant(id) {
      const grant = await stores.grants.findById(id);
      if (!grant) throw new Error(`no grant ${id}`);
      return grant;
    },
    async trail(grantId) {
      return (await stores.audit.byGrant(grantId)).map((event) => event.type);
    },
    async expiryJob(key) {
      const id = key.replaceAll(':', '.');
      // State first: a job read before it completes carries no return value yet.
      const state = await expiry().getJobState(id);
      const job = await expiry().getJob(id);
      return job ? { state, returnvalue: job.returnvalue, runAt: job.data?.runAt as string | undefined } : undefined;
    },
    async loseQueueData() {
      // On Postgres the equivalent loss is the queue's rows: obliterate removes every job of every state.
      if (kind === 'redis') await deleteKeysUnder(redisUrl as string, prefix);
      else for (const name of Object.values(QueueNames)) await runner.queues.queue(name).obliterate({ force: true });
    },
    async close() {
      await runner.close();
      // Leave nothing behind in a Redis other suites and runs share.
      if (kind === 'redis') await deleteKeysUnder(redisUrl as string, prefix);
      await backend.close();
      await db.drop();
    },
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
