import { approveExtension as approve } from '../domain/extension.ts';
import type { Actor } from '../domain/grant.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import { changeGrant, type GrantChange } from './change-grant.ts';

export async function approveExtension(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; extensionId?: string },
): Promise<GrantChange> {
  const isApprover = await deps.access.isApprover(input.approver.id);
  return changeGrant(deps, input.grantId, (grant) =>
    approve(grant, { ...input, isApprover, at: deps.clock.now(), policy: deps.policy }),
  );
}
