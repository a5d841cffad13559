import type { Actor } from '../domain/grant.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import { approve } from '../domain/transitions.ts';
import { timePhase } from '../phase-times.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

export interface ApproveGrantDeps extends ChangeDeps {
  access: AccessDirectory;
  clock: { now(): Date };
}

/** An approver's click. Membership is read before the lock (it may ask Slack); the decision is made under it. */
export async function approveGrant(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor },
): Promise<GrantChange> {
  const isApprover = await timePhase('approver check', () => deps.access.isApprover(input.approver.id));
  return changeGrant(deps, input.grantId, (grant) =>
    approve(grant, { approver: input.approver, isApprover, at: deps.clock.now(), policy: deps.policy }),
  );
}
