import type { Job } from 'bullmq';
import type { GrantChange } from '../../src/app/change-grant.ts';
import { type GrantPolicy, type Nudge, nudgeAtMs } from '../../src/domain/grant-policy.ts';
import { delayUntil } from './delay-until.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

export interface NudgeProcessorDeps {
  nudgePendingGrant(input: { grantId: string; nudge: Nudge }): Promise<GrantChange>;
  policy: Pick<GrantPolicy, 'pendingTtlMs' | 'approvalReminderMs' | 'approvalEscalationMs'>;
}

/**
 * `remind` and `escalate` (delayed until APPROVAL_REMINDER / APPROVAL_ESCALATION after the request): a request still
 * PENDING gets its reminder or escalation, recorded with the grant so that a second delivery changes nothing; the
 * message itself leaves through the outbox as a notification of the event. A decided request is left alone.
 */
export function nudgeProcessor(deps: NudgeProcessorDeps, nudge: Nudge) {
  return async (job: Job, token?: string): Promise<string> => {
    const { grantId } = job.data as { grantId: string };
    const change = await markPermanentFailures(() => deps.nudgePendingGrant({ grantId, nudge }));
    if (change.changed) return nudge === 'remind' ? 'reminded' : 'escalated';
    const dueAt = nudgeAtMs(change.grant, nudge, deps.policy);
    const done = nudge === 'remind' ? change.grant.remindedAt : change.grant.escalatedAt;
    if (change.grant.status === 'PENDING' && dueAt !== null && !done) {
      return delayUntil(job, token, new Date(dueAt));
    }
    return `unchanged: ${change.note}`;
  };
}
