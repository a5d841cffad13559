import { approveExtension as approve } from '../domain/extension.ts';
import type { Actor } from '../domain/grant.ts';
import { approverCheck } from './access-decisions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import { changeGrant, type GrantChange } from './change-grant.ts';

export async function approveExtension(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; extensionId?: string },
): Promise<GrantChange> {
  const at = deps.clock.now();
  const check = await approverCheck(deps, input.approver, at);
  return changeGrant(deps, input.grantId, (grant) =>
    approve(grant, { ...input, isApprover: check(grant).isApprover, at, policy: deps.policy }),
  );
}
