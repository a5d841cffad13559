import { reviewBreakGlass as review } from '../domain/break-glass.ts';
import type { Actor, ReviewOutcome } from '../domain/grant.ts';
import { approverCheck } from './access-decisions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import { changeGrant, type GrantChange } from './change-grant.ts';

/**
 * An approver reviews a break-glass: acknowledged, or flagged with a note. Who may review is who may approve the grant
 * (the `approve` action), looked up before the row lock; the review, its GRANT_REVIEWED event and the notices' update
 * are one transaction. The review reminder finds it reviewed and does nothing.
 */
export async function reviewBreakGlass(
  deps: ApproveGrantDeps,
  input: { grantId: string; reviewer: Actor; outcome: ReviewOutcome; note: string | null },
): Promise<GrantChange> {
  const at = deps.clock.now();
  const check = await approverCheck(deps, input.reviewer, at);
  return changeGrant(deps, input.grantId, (grant) =>
    review(grant, { ...input, isApprover: check(grant).isApprover, at }),
  );
}
