import { type Job, UnrecoverableError } from 'bullmq';
import type { Services } from '../src/app/services.ts';
import type { GrantPolicy } from '../src/domain/grant-policy.ts';
import type { Notifier } from '../src/domain/notification.ts';
import type { Clock } from '../src/domain/ports.ts';
import type { Logger } from '../src/logger.ts';
import { jobDuration, jobFailures } from '../src/metrics/instruments.ts';
import { expireProcessor } from './processors/expire-processor.ts';
import { idleProcessor } from './processors/idle-processor.ts';
import { jiraCommentProcessor } from './processors/jira-comment-processor.ts';
import { lapseProcessor } from './processors/lapse-processor.ts';
import { notifyProcessor } from './processors/notify-processor.ts';
import { nudgeProcessor } from './processors/nudge-processor.ts';
import { reviewDueProcessor } from './processors/review-due-processor.ts';
import { warnProcessor } from './processors/warn-processor.ts';
import type { GrantdeskWorker, JobProcessor, QueueBackend, WorkerSettings } from './queue-backend.ts';
import { QueueNames } from './queue-names.ts';
import { QueuedNotifier } from './queued-notifier.ts';
import type { Queues } from './queues.ts';
import type { TicketCommenter } from './ticket-commenter.ts';

export interface WorkerDeps {
  backend: QueueBackend;
  services: Pick<
    Services,
    | 'expireGrant'
    | 'expireDueGrants'
    | 'expireIdleGrant'
    | 'lapseGrant'
    | 'nudgePendingGrant'
    | 'getGrant'
    | 'grantStatus'
    | 'expiryLook'
  >;
  /** PENDING_TTL and the reminder settings, for the lapse and nudge jobs to tell a job due later from a moot one. */
  policy: Pick<GrantPolicy, 'pendingTtlMs' | 'approvalReminderMs' | 'approvalEscalationMs'>;
  /** Null when this process cannot reach Slack: it then leaves the notify queue to processes that can. */
  notifier: Notifier | null;
  queues: Queues;
  /** Null when this process cannot reach Jira: comments then wait in their queue for a process that can. */
  commenter: TicketCommenter | null;
  clock: Clock;
  logger: Logger;
}

/**
 * Jobs one process runs at once, per queue. Each expiry job is one transaction that appends to the audit hash chain,
 * which serialises transitions across all processes: beyond a few at once they only wait on one another (in
 * bench/expiry, 2 and 8 ended grants equally fast), while each holds one of the 10 database connections that the
 * relay, the reconciler and, under `serve`, HTTP share. Slack and Jira calls mostly wait on the network and are
 * rate-limited by the other side.
 */
export const WORKER_SETTINGS: Record<string, WorkerSettings> = {
  [QueueNames.expiry]: { concurrency: 4 },
  [QueueNames.notify]: { concurrency: 4 },
  [QueueNames.jiraComment]: { concurrency: 2 },
};

/** Starts one worker per queue this process can serve; each job calls exactly one use case or adapter. */
export function startWorkers(deps: WorkerDeps): GrantdeskWorker[] {
  const { services, clock } = deps;
  const timed = byJobName({
    expire: expireProcessor({
      expiryLook: (grantId) => services.expiryLook({ grantId }),
      statusOf: (grantId) => services.grantStatus({ grantId }),
      expireGrant: services.expireGrant,
      expireDueGrants: services.expireDueGrants,
    }),
    warn: warnProcessor({
      getGrant: services.getGrant,
      notifier: deps.notifier ?? new QueuedNotifier(deps.queues),
      clock,
    }),
    lapse: lapseProcessor({ lapseGrant: services.lapseGrant, policy: deps.policy }),
    idle: idleProcessor({ expireIdleGrant: services.expireIdleGrant }),
    'review-due': reviewDueProcessor({
      getGrant: services.getGrant,
      notifier: deps.notifier ?? new QueuedNotifier(deps.queues),
    }),
    remind: nudgeProcessor({ nudgePendingGrant: services.nudgePendingGrant, policy: deps.policy }, 'remind'),
    escalate: nudgeProcessor({ nudgePendingGrant: services.nudgePendingGrant, policy: deps.policy }, 'escalate'),
  });
  const processors: [string, JobProcessor][] = [[QueueNames.expiry, timed]];
  if (deps.notifier) processors.push([QueueNames.notify, notifyProcessor({ notifier: deps.notifier })]);
  if (deps.commenter) processors.push([QueueNames.jiraComment, jiraCommentProcessor({ commenter: deps.commenter })]);
  return processors.map(([name, processor]) => {
    const worker = deps.backend.createWorker(name, processor, WORKER_SETTINGS[name] ?? { concurrency: 1 });
    watchWorker(name, worker, deps.logger);
    return worker;
  });
}

/** Logs a worker's failures (as final or to be retried) and records each job's duration and failures in /metrics. */
export function watchWorker(name: string, worker: GrantdeskWorker, logger: Logger): void {
  const log = logger.child({ queue: name });
  worker.on('completed', (job) => observeJob(name, job, 'completed'));
  worker.on('failed', (job, error) => {
    const final = error instanceof UnrecoverableError || (job && job.attemptsMade >= (job.opts.attempts ?? 1));
    if (job) observeJob(name, job, 'failed');
    jobFailures.inc({ queue: name, job: job?.name ?? 'unknown', final: String(Boolean(final)) });
    log[final ? 'error' : 'warn'](
      { jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: error.message },
      final ? 'job failed for good' : 'job failed; will retry',
    );
  });
  worker.on('error', (error) => log.error({ err: error.message }, 'worker error'));
}

/** BullMQ stamps when a job's attempt started and finished; their difference is the attempt's duration. */
function observeJob(queue: string, job: Job, outcome: 'completed' | 'failed'): void {
  if (job.processedOn && job.finishedOn) {
    jobDuration.observe({ queue, job: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
  }
}

/** One queue, several kinds of job: route by job name; an unknown name is a bug that retrying will not fix. */
export function byJobName(processors: Record<string, (job: Job, token?: string) => Promise<unknown>>): JobProcessor {
  return async (job, token) => {
    const processor = processors[job.name];
    if (!processor) throw new UnrecoverableError(`no processor for job ${job.name} on this queue`);
    return processor(job as Job, token);
  };
}
