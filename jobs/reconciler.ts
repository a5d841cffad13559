import type { Sequelize } from 'sequelize';
import type { GrantChange } from '../src/app/change-grant.ts';
import type { Services } from '../src/app/services.ts';
import type { OverdueKind } from '../src/app/sweep-grants.ts';
import { trySessionLock } from '../src/db/session-lock.ts';
import type { Grant } from '../src/domain/grant.ts';
import type { Clock } from '../src/domain/ports.ts';
import type { Logger } from '../src/logger.ts';
import { withTimeout } from '../src/with-timeout.ts';
import { COMPLETED_JOB_KEPT_MS } from './job-options.ts';
import { mapConcurrently } from './map-concurrently.ts';
import { jobOf } from './outbox-job.ts';
import type { Queues } from './queues.ts';

export interface ReconcilerOptions {
  sequelize: Sequelize;
  services: Pick<
    Services,
    'findOverdueGrants' | 'upcomingTimers' | 'expireGrant' | 'expireIdleGrant' | 'lapseGrant' | 'nudgePendingGrant'
  >;
  queues: Queues;
  clock: Clock;
  logger: Logger;
  /** RECONCILE_INTERVAL. */
  intervalMs: number;
  /** Grants per query. */
  batchSize?: number;
}

export interface SweepReport {
  /** False when another process held the sweep lock: it is sweeping, so this one did nothing. */
  swept: boolean;
  expired: number;
  /** Sessions ended for SESSION_IDLE_TIMEOUT. */
  idled: number;
  lapsed: number;
  /** Reminders and escalations whose job was lost, sent late. */
  nudged: number;
  rescheduled: number;
  failed: number;
}

/**
 * Key of the advisory lock that lets one process sweep at a time. Grantdesk's keys share one space: 720331001
 * migrations, 720331002 the test template, 720331003 the audit forwarder, 720331010 the ticket re-check.
 */
export const SWEEP_LOCK_KEY = 720_331_030;
const DEFAULT_BATCH_SIZE = 500;
/** Use cases run at once during a sweep: enough to clear a backlog quickly, few enough to leave the pool room. */
const SWEEP_CONCURRENCY = 4;
/**
 * Per page of 500 grants, checking and re-adding jobs takes well under a second; longer means the queue backend is
 * away, and the sweep ends rather than hold the sweep lock (and so every other process's sweep) through the outage.
 */
const QUEUE_TIMEOUT_MS = 10_000;

/**
 * Postgres is the source of truth; the queue is only a schedule. At start and every RECONCILE_INTERVAL the
 * reconciler sweeps the grants table for work the queue lost (a flushed or restarted Redis, a job that failed for
 * good, a worker killed mid-job):
 * 1. ACTIVE grants past expiresAt are expired at once, PENDING ones past PENDING_TTL lapsed at once;
 * 2. grants with a timer due before the sweep after next whose delayed job is missing get it back, under its
 *    deterministic id, so it still fires on time; an unreviewed break-glass's review reminder gets it back even when
 *    already due, and it runs at once.
 * So a lost job delays an expiry by at most one interval. An advisory lock keeps several processes from sweeping
 * together; correctness never depends on it, because every transition locks the grant's row and is idempotent.
 */
export class Reconciler {
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private closed = false;

  constructor(private readonly options: ReconcilerOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  start(): void {
    this.schedule(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<SweepReport> {
    // A session-level lock on a connection of its own: no transaction stays open through the queue calls, and each
    // transition commits in its own short transaction. A killed process loses the lock with its connection.
    const lock = await trySessionLock(this.options.sequelize, SWEEP_LOCK_KEY);
    if (!lock) return { swept: false, expired: 0, idled: 0, lapsed: 0, nudged: 0, rescheduled: 0, failed: 0 };
    try {
      const now = this.options.clock.now();
      const { services } = this.options;
      const expired = await this.transitionOverdue('expired', now, (grant) =>
        services.expireGrant({ grantId: grant.id }),
      );
      const idled = await this.transitionOverdue(
        'idle',
        now,
        async (grant) => (await services.expireIdleGrant({ grantId: grant.id })).change,
      );
      const lapsed = await this.transitionOverdue('lapsed', now, (grant) => services.lapseGrant({ grantId: grant.id }));
      // After the lapses, so a request past PENDING_TTL is lapsed rather than reminded; the reminder before the escalation.
      const nudge = (kind: 'remind' | 'escalate') =>
        this.transitionOverdue(kind, now, (grant) => services.nudgePendingGrant({ grantId: grant.id, nudge: kind }));
      const reminded = await nudge('remind');
      const escalated = await nudge('escalate');
      // The grants are safe without it (step 1 catches them when due): a queue backend that is away only skips it.
      const rescheduled = await this.rescheduleMissing(now).catch((error: Error) => {
        this.options.logger.warn({ err: error.message }, 'reconciler could not check the queue for lost jobs');
        return 0;
      });
      return {
        swept: true,
        expired: expired.changed,
        idled: idled.changed,
        lapsed: lapsed.changed,
        nudged: reminded.changed + escalated.changed,
        rescheduled,
        failed: expired.failed + idled.failed + lapsed.failed + reminded.failed + escalated.failed,
      };
    } finally {
      await lock.release();
    }
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .then((report) => {
          const acted =
            report.expired + report.idled + report.lapsed + report.nudged + report.rescheduled + report.failed > 0;
          if (acted) this.options.logger.info(report, 'reconciler swept');
        })
        .catch((error: Error) => this.options.logger.warn({ err: error.message }, 'reconciler sweep failed'))
        .finally(() => {
          this.sweeping = null;
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Applies `transition` to each overdue grant, batch after batch, until none is left or a batch changes nothing. */
  private async transitionOverdue(
    kind: OverdueKind,
    now: Date,
    transition: (grant: Grant) => Promise<GrantChange>,
  ): Promise<{ changed: number; failed: number }> {
    let changed = 0;
    let failed = 0;
    while (!this.closed) {
      const grants = await this.options.services.findOverdueGrants({ kind, now, limit: this.batchSize });
      const outcomes = await mapConcurrently(grants, SWEEP_CONCURRENCY, (grant) =>
        transition(grant).then(
          (change) => (change.changed ? 'changed' : 'unchanged'),
          (error: Error) => {
            this.options.logger.warn({ grantId: grant.id, err: error.message }, 'reconciler could not transition');
            return 'failed';
          },
        ),
      );
      const progress = outcomes.filter((o) => o === 'changed').length;
      changed += progress;
      failed += outcomes.filter((o) => o === 'failed').length;
      if (grants.length < this.batchSize || progress === 0) break;
    }
    return { changed, failed };
  }

  /**
   * Puts back the delayed jobs of timers due before the sweep after next (two intervals ahead, so every due time is
   * covered by some sweep) that the queue no longer has. The expected jobs are exactly those the grant's current
   * state implies (sideEffectsOf, as when it was scheduled); ones due already are left to step 1, except the review
   * reminders of unreviewed break-glass grants, which no step 1 sends.
   */
  private async rescheduleMissing(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() + 2 * this.options.intervalMs);
    // A review reminder due already is put back too (it runs at once), as far back as a completed job is kept: within
    // that, a reminder that was sent still has its job, so putting it back is never sending it twice.
    const reviewsFrom = new Date(now.getTime() - COMPLETED_JOB_KEPT_MS);
    let rescheduled = 0;
    const timers = this.options.services.upcomingTimers({
      from: now,
      to: horizon,
      reviewsFrom,
      pageSize: this.batchSize,
    });
    for await (const page of timers) {
      if (this.closed) break;
      const expected = page.map((message) => jobOf(message, now));
      const missing = await withTimeout(this.options.queues.missing(expected), QUEUE_TIMEOUT_MS, 'finding lost jobs');
      if (missing.length > 0) {
        await withTimeout(this.options.queues.addAll(missing), QUEUE_TIMEOUT_MS, 'putting back lost jobs');
        rescheduled += missing.length;
      }
    }
    return rescheduled;
  }
}
