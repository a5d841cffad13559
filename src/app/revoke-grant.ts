import type { Actor } from '../domain/grant.ts';
import { revoke } from '../domain/transitions.ts';
import { approverCheck } from './access-decisions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import { changeGrant, type GrantChange } from './change-grant.ts';

/** An approver ends an ACTIVE grant early (FORCED), with a reason. */
export async function revokeGrant(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; reason: string },
): Promise<GrantChange> {
  const at = deps.clock.now();
  const check = await approverCheck(deps, input.approver, at);
  return changeGrant(deps, input.grantId, (grant) =>
    revoke(grant, { ...input, isApprover: check(grant).isApprover, at, policy: deps.policy }),
  );
}
