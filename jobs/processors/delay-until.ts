import { DelayedError, type Job } from 'bullmq';

/**
 * Puts a job that fired before its time back to sleep until `at`. Delayed jobs run by the queue's clock and the use
 * case judges by this host's: when they disagree by a few milliseconds the job would otherwise find "not due yet",
 * finish, and leave the grant to the reconciler, up to RECONCILE_INTERVAL late.
 */
export async function delayUntil(job: Job, token: string | undefined, at: Date): Promise<never> {
  if (token === undefined) throw new Error(`job ${job.id} ran without a lock token and cannot be delayed`);
  await job.moveToDelayed(at.getTime(), token);
  throw new DelayedError();
}
