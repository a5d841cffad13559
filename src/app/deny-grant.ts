import type { Actor } from '../domain/grant.ts';
import { deny } from '../domain/transitions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import { changeGrant, type GrantChange } from './change-grant.ts';

export async function denyGrant(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; reason: string },
): Promise<GrantChange> {
  const isApprover = await deps.access.isApprover(input.approver.id);
  return changeGrant(deps, input.grantId, (grant) =>
    deny(grant, { ...input, isApprover, at: deps.clock.now(), policy: deps.policy }),
  );
}
