import type { Actor } from '../domain/grant.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import { approve } from '../domain/transitions.ts';
import { timePhase } from '../phase-times.ts';
import { type AccessPolicyDeps, approverCheck } from './access-decisions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

export interface ApproveGrantDeps extends ChangeDeps, AccessPolicyDeps {
  access: AccessDirectory;
  clock: { now(): Date };
}

/**
 * An approver's click. Who may approve is the access policy's `approve` action (by default: the configured
 * approvers). Group membership is read before the lock (it may ask Slack); the decision is made under it.
 */
export async function approveGrant(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor },
): Promise<GrantChange> {
  const at = deps.clock.now();
  const check = await timePhase('approver check', () => approverCheck(deps, input.approver, at));
  return changeGrant(deps, input.grantId, (grant) =>
    approve(grant, { approver: input.approver, ...check(grant), at, policy: deps.policy }),
  );
}
