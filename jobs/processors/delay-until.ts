import { DelayedError, type Job } from 'bullmq';

/**
 * Puts a job that its use case found not yet due back to sleep until `at`. Delayed jobs run by the queue's clock and
 * the use case judges by this host's: when they disagree by a few milliseconds the job would otherwise find "not due
 * yet", finish, and leave the grant to the reconciler, up to RECONCILE_INTERVAL late.
 *
 * Callers delay whenever the use case said "not due" (the grant still waiting for this job), never after asking the
 * clock again: the due moment can pass between the use case's decision and that second look (its commit, a busy
 * machine), and a job that then finished would leave the grant to the reconciler. An `at` already past makes the job
 * run again at once, and the use case decides afresh.
 */
export async function delayUntil(job: Job, token: string | undefined, at: Date): Promise<never> {
  if (token === undefined) throw new Error(`job ${job.id} ran without a lock token and cannot be delayed`);
  await job.moveToDelayed(at.getTime(), token);
  throw new DelayedError();
}
