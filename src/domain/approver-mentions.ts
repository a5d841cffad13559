/**
 * Who a reminder or an escalation wakes (DESIGN.md §7): the configured approvers whom access policy lets approve the
 * request in question, as the `approve` action decides when one of them clicks Approve. Recorded on the event
 * (`details.mentioned`), so the trail says who was asked and every rendering of the message names the same people.
 */
import type { AuditEvent } from './audit-event.ts';
import type { ApproverCandidates } from './ports.ts';

export interface ApproverMentions {
  userIds: string[];
  /** The usergroup, mentioned as a whole only when policy lets each of its members (but the requester) approve. */
  usergroupId: string | null;
}

/**
 * The mentions for one request, from the candidates and `mayApprove` (the policy's decision for each person). A
 * usergroup with a member policy refuses is not mentioned whole: its members who may approve are mentioned instead.
 */
export function approverMentions(
  candidates: ApproverCandidates,
  mayApprove: (userId: string) => boolean,
  requesterId: string,
): ApproverMentions {
  const others = (ids: readonly string[]) => ids.filter((id) => id !== requesterId);
  const group = candidates.usergroup;
  const groupMembers = group ? others(group.members) : [];
  const wholeGroup = group !== null && groupMembers.length > 0 && groupMembers.every(mayApprove);
  const people = wholeGroup ? others(candidates.userIds) : [...others(candidates.userIds), ...groupMembers];
  const inGroup = new Set(wholeGroup ? groupMembers : []);
  const userIds = [...new Set(people)].filter((id) => !inGroup.has(id) && mayApprove(id));
  return { userIds, usergroupId: wholeGroup && group ? group.id : null };
}

/** The mentions a GRANT_APPROVAL_REMINDED or GRANT_ESCALATED recorded; undefined for one recorded without them. */
export function mentionsOf(event: AuditEvent | undefined): ApproverMentions | undefined {
  const recorded = event?.details.mentioned as Partial<ApproverMentions> | undefined;
  if (!recorded || !Array.isArray(recorded.userIds)) return undefined;
  const userIds = recorded.userIds.filter((id): id is string => typeof id === 'string');
  return { userIds, usergroupId: typeof recorded.usergroupId === 'string' ? recorded.usergroupId : null };
}
