import type { Job } from 'bullmq';
import type { IdleCheck } from '../../src/app/expire-idle-grant.ts';
import { delayUntil } from './delay-until.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

export interface IdleProcessorDeps {
  expireIdleGrant(input: { grantId: string }): Promise<IdleCheck>;
}

/**
 * `idle` (delayed until the session would fall idle, SESSION_IDLE_TIMEOUT after it started): ends an unused session;
 * one used since goes back to sleep until its new idle moment, so each session needs this one job only.
 */
export function idleProcessor(deps: IdleProcessorDeps) {
  return async (job: Job, token?: string): Promise<string> => {
    const { grantId } = job.data as { grantId: string };
    const { change, idleAt } = await markPermanentFailures(() => deps.expireIdleGrant({ grantId }));
    if (change.changed) return 'expired (idle)';
    if (idleAt) return delayUntil(job, token, idleAt);
    return `unchanged: ${change.note}`;
  };
}
