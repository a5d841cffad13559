import type { Nudge } from '../domain/grant-policy.ts';
import { nudgePending } from '../domain/nudge-pending.ts';
import type { Clock } from '../domain/ports.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/**
 * Reminds the approvers of a request still PENDING after APPROVAL_REMINDER, or escalates it after APPROVAL_ESCALATION
 * (the remind and escalate jobs; idempotent: a second run, on any worker, finds it done under the row lock).
 */
export function nudgePendingGrant(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; nudge: Nudge },
): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) =>
    nudgePending(grant, input.nudge, { at: deps.clock.now(), policy: deps.policy }),
  );
}
