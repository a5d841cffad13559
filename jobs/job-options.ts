import type { DefaultJobOptions } from 'bullmq';
import { QueueNames } from './queue-names.ts';

const HOUR_S = 3_600;
const DAY_S = 24 * HOUR_S;

/**
 * Finished jobs are kept for a day (count-capped so a burst cannot fill memory): while a job is kept, adding its
 * jobId again is ignored, so a relay that re-sends an outbox row after a crash cannot run it a second time. Failed
 * jobs are kept a week for inspection.
 */
/** How long a completed job is kept, and so how long adding its id again is a no-op (reconciler.ts relies on it). */
export const COMPLETED_JOB_KEPT_MS = DAY_S * 1_000;

const RETENTION = {
  removeOnComplete: { age: DAY_S, count: 50_000 },
  removeOnFail: { age: 7 * DAY_S, count: 10_000 },
} satisfies DefaultJobOptions;

/**
 * Retries back off exponentially (delay × 2^(attempt − 1)).
 * - expiry: 1 s doubling over 10 attempts covers about 17 minutes of database trouble; past that the reconciler
 *   still ends the grant at its next sweep.
 * - notify: 2 s doubling over 8 attempts (about 8 minutes), longer than a Slack rate-limit window.
 * - jira-comment: 5 s doubling over 8 attempts (about 20 minutes), for Jira outages and 429s.
 * - compliance: 30 s doubling over 10 attempts (about 8.5 hours): a Slack outage, or a bot not yet invited to the
 *   channel, still gets the week's digest out the same day; by the fifth attempt (15 minutes) a crashed holder's
 *   claim (10 minutes, compliance-services.ts) has passed.
 */
const BY_QUEUE: Record<string, DefaultJobOptions> = {
  [QueueNames.expiry]: { attempts: 10, backoff: { type: 'exponential', delay: 1_000 }, ...RETENTION },
  [QueueNames.notify]: { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, ...RETENTION },
  [QueueNames.jiraComment]: { attempts: 8, backoff: { type: 'exponential', delay: 5_000 }, ...RETENTION },
  [QueueNames.compliance]: { attempts: 10, backoff: { type: 'exponential', delay: 30_000 }, ...RETENTION },
};

const OTHER: DefaultJobOptions = { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, ...RETENTION };

export function jobOptionsFor(queueName: string): DefaultJobOptions {
  return BY_QUEUE[queueName] ?? OTHER;
}
