import { UnrecoverableError } from 'bullmq';
import { ErrorCode, isGrantdeskError } from '../../src/domain/errors.ts';
import { PermanentDeliveryError } from '../../src/domain/notification.ts';

/** Refusals that may pass: the tracker or Slack is down or rate-limiting. Every other coded refusal is final. */
const TRANSIENT: ReadonlySet<string> = new Set([ErrorCode.TrackerUnavailable, ErrorCode.RateLimited]);

/**
 * Runs a job's work and turns a permanent refusal (a GrantdeskError such as grant_not_found or ticket_not_found, or
 * a PermanentDeliveryError: Slack refusing a message for good) into BullMQ's UnrecoverableError, so the job fails once instead of retrying something that cannot succeed.
 * Anything else (a database or network error) is rethrown as is and retried with backoff.
 */
export async function markPermanentFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isGrantdeskError(error) && !TRANSIENT.has(error.code)) {
      throw new UnrecoverableError(`${error.code}: ${error.message}`);
    }
    if (error instanceof PermanentDeliveryError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
