import { denyExtension as deny } from '../domain/extension.ts';
import type { Actor } from '../domain/grant.ts';
import { approverCheck } from './access-decisions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import { changeGrant, type GrantChange } from './change-grant.ts';

export async function denyExtension(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; reason: string; extensionId?: string },
): Promise<GrantChange> {
  const at = deps.clock.now();
  const check = await approverCheck(deps, input.approver, at);
  return changeGrant(deps, input.grantId, (grant) =>
    deny(grant, { ...input, isApprover: check(grant).isApprover, at, policy: deps.policy }),
  );
}
