import type { Actor } from '../domain/grant.ts';
import { revoke } from '../domain/transitions.ts';
import type { ApproveGrantDeps } from './approve-grant.ts';
import type { GrantChange } from './change-grant.ts';
import { decideWithReason } from './decide-with-reason.ts';

/** An approver ends an ACTIVE grant early (FORCED), with a reason. */
export function revokeGrant(
  deps: ApproveGrantDeps,
  input: { grantId: string; approver: Actor; reason: string },
): Promise<GrantChange> {
  return decideWithReason(deps, input, revoke);
}
