import type { Job } from 'bullmq';
import type { GrantChange } from '../../src/app/change-grant.ts';
import type { Clock } from '../../src/domain/ports.ts';
import { delayUntil } from './delay-until.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

export interface ExpireProcessorDeps {
  expireGrant(input: { grantId: string; version?: number }): Promise<GrantChange>;
  clock: Clock;
}

/**
 * `expire` (delayed until expiresAt): ends the grant through the expire use case, which re-reads it under its row
 * lock. A job for a superseded expiry version (the grant was extended), for a grant already ended (revoked, ended,
 * expired by the reconciler) or delivered a second time changes nothing.
 */
export function expireProcessor(deps: ExpireProcessorDeps) {
  return async (job: Job, token?: string): Promise<string> => {
    const { grantId, version } = job.data as { grantId: string; version: number };
    const change = await markPermanentFailures(() => deps.expireGrant({ grantId, version }));
    if (change.changed) return 'expired';
    const { grant } = change;
    const dueAt = grant.expiresAt?.getTime() ?? 0;
    if (grant.status === 'ACTIVE' && grant.expiryVersion === version && dueAt > deps.clock.now().getTime()) {
      return delayUntil(job, token, new Date(dueAt));
    }
    return `unchanged: ${change.note}`;
  };
}
