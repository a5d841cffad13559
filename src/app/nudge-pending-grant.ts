import { type ApproverMentions, approverMentions } from '../domain/approver-mentions.ts';
import type { Grant } from '../domain/grant.ts';
import type { Nudge } from '../domain/grant-policy.ts';
import { nudgePending } from '../domain/nudge-pending.ts';
import type { ApproverRoster, Clock } from '../domain/ports.ts';
import { type AccessPolicyDeps, approverCheck } from './access-decisions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

export interface NudgeDeps extends ChangeDeps, AccessPolicyDeps {
  clock: Clock;
  /** Who may be mentioned; unset (no Slack), the event records no mentions and the configured approvers are named. */
  roster?: ApproverRoster | undefined;
}

/**
 * Reminds the approvers of a request still PENDING after APPROVAL_REMINDER, or escalates it after APPROVAL_ESCALATION
 * (the remind and escalate jobs; idempotent: a second run, on any worker, finds it done under the row lock). Only the
 * candidates the access policy lets approve this grant are mentioned (the `approve` decision an Approve click gets):
 * their groups are read before the row lock, the decisions taken under it, and the outcome recorded on the event.
 */
export async function nudgePendingGrant(
  deps: NudgeDeps,
  input: { grantId: string; nudge: Nudge },
): Promise<GrantChange> {
  const at = deps.clock.now();
  const mentionsFor = deps.roster ? await mentionsFinder(deps, deps.roster, at) : () => undefined;
  return changeGrant(deps, input.grantId, (grant) =>
    nudgePending(grant, input.nudge, { at, policy: deps.policy, mentioned: mentionsFor(grant) }),
  );
}

async function mentionsFinder(
  deps: AccessPolicyDeps,
  roster: ApproverRoster,
  at: Date,
): Promise<(grant: Grant) => ApproverMentions> {
  const candidates = await roster.candidates();
  const people = [...new Set([...candidates.userIds, ...(candidates.usergroup?.members ?? [])])];
  const checks = new Map(
    await Promise.all(
      people.map(async (id) => [id, await approverCheck(deps, { kind: 'staff', id, email: null }, at)] as const),
    ),
  );
  return (grant) =>
    approverMentions(candidates, (id) => checks.get(id)?.(grant).isApprover ?? false, grant.requesterId);
}
