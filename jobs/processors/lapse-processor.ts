import type { Job } from 'bullmq';
import type { GrantChange } from '../../src/app/change-grant.ts';
import { type GrantPolicy, lapsesAtMs } from '../../src/domain/grant-policy.ts';
import { delayUntil } from './delay-until.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

export interface LapseProcessorDeps {
  lapseGrant(input: { grantId: string }): Promise<GrantChange>;
  policy: Pick<GrantPolicy, 'pendingTtlMs'>;
}

/** `lapse` (delayed until PENDING_TTL after the request): a request still PENDING lapses; a decided one is left. */
export function lapseProcessor(deps: LapseProcessorDeps) {
  return async (job: Job, token?: string): Promise<string> => {
    const { grantId } = job.data as { grantId: string };
    const change = await markPermanentFailures(() => deps.lapseGrant({ grantId }));
    if (change.changed) return 'lapsed';
    const lapsesAt = lapsesAtMs(change.grant, deps.policy);
    if (change.grant.status === 'PENDING') {
      return delayUntil(job, token, new Date(lapsesAt));
    }
    return `unchanged: ${change.note}`;
  };
}
