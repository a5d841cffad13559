import { type Job, UnrecoverableError } from 'bullmq';
import { type Grant, isLive } from '../../src/domain/grant.ts';
import { EXPIRY_WARNING, expiryWarningEventId, type Notifier } from '../../src/domain/notification.ts';
import type { Clock } from '../../src/domain/ports.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

export interface WarnProcessorDeps {
  getGrant(input: { grantId: string }): Promise<Grant | undefined>;
  notifier: Notifier;
  clock: Clock;
}

/**
 * `warn` (delayed until EXPIRY_WARNING before expiresAt): tells the requester the grant is about to expire, unless it
 * has ended or was extended since (then the warning of the new expiry version will come instead). Nothing changes
 * in the database, so nothing needs a lock.
 */
export function warnProcessor(deps: WarnProcessorDeps) {
  return async (job: Job): Promise<string> => {
    const { grantId, version } = job.data as { grantId: string; version: number };
    const grant = await deps.getGrant({ grantId });
    if (!grant) throw new UnrecoverableError(`grant_not_found: there is no grant ${grantId} to warn about`);
    if (!isLive(grant, deps.clock.now()) || grant.expiryVersion !== version) return 'unchanged: no longer due';
    await markPermanentFailures(() =>
      deps.notifier.notify({ grantId, eventId: expiryWarningEventId(grantId, version), type: EXPIRY_WARNING }),
    );
    return 'warned';
  };
}
