import type { Actor, Grant } from '../domain/grant.ts';
import type { Transition } from '../domain/transition.ts';
import type { DecisionInput } from '../domain/transition-checks.ts';
import { approverCheck } from './access-decisions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import { changeGrant, type GrantChange } from './change-grant.ts';

/**
 * An approver's decision that carries a reason (deny, revoke): who may decide is looked up once, before the row
 * lock, then `decide` runs on the grant as locked.
 */
export async function decideWithReason(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; reason: string },
  decide: (grant: Grant, input: DecisionInput & { reason: string }) => Transition,
): Promise<GrantChange> {
  const at = deps.clock.now();
  const check = await approverCheck(deps, input.approver, at);
  return changeGrant(deps, input.grantId, (grant) =>
    decide(grant, { ...input, isApprover: check(grant).isApprover, at, policy: deps.policy }),
  );
}
