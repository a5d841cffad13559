import type { Actor } from '../domain/grant.ts';
import { deny } from '../domain/transitions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import type { GrantChange } from './change-grant.ts';
import { decideWithReason } from './decide-with-reason.ts';

/** An approver turns a PENDING request down, with a reason. */
export function denyGrant(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; reason: string },
): Promise<GrantChange> {
  return decideWithReason(deps, input, deny);
}
