/**
 * Reminders and escalation of a request nobody has decided yet (DESIGN.md §7): pure, like the transitions. The grant's
 * remindedAt / escalatedAt, written in the same transaction as the event, is what makes each happen once: the job
 * that comes second (a redelivery, another worker) finds it set under the row lock and changes nothing.
 */
import type { ApproverMentions } from './approver-mentions.ts';
import { auditEvent } from './audit-event.ts';
import type { Grant } from './grant.ts';
import { type GrantPolicy, type Nudge, nudgeAtMs } from './grant-policy.ts';
import { applied, type Transition, unchanged } from './transition.ts';
import { describeGrant } from './transition-checks.ts';

export function nudgePending(
  grant: Grant,
  nudge: Nudge,
  { at, policy, mentioned }: { at: Date; policy: GrantPolicy; mentioned?: ApproverMentions },
): Transition {
  const what = nudge === 'remind' ? 'remind about' : 'escalate';
  if (grant.status !== 'PENDING')
    return unchanged(grant, `${describeGrant(grant)} is ${grant.status}, nothing to ${what}.`);
  const done = nudge === 'remind' ? grant.remindedAt : grant.escalatedAt;
  if (done)
    return unchanged(grant, `${describeGrant(grant)} was already ${nudge === 'remind' ? 'reminded' : 'escalated'}.`);
  const dueAt = nudgeAtMs(grant, nudge, policy);
  if (dueAt === null)
    return unchanged(grant, `${describeGrant(grant)}: ${nudge === 'remind' ? 'reminders' : 'escalation'} are off.`);
  if (at.getTime() < dueAt) return unchanged(grant, `${describeGrant(grant)} is not due to ${nudge} yet`);
  const waitedMs = at.getTime() - grant.requestedAt.getTime();
  return applied(
    nudge === 'remind' ? { ...grant, remindedAt: at } : { ...grant, escalatedAt: at },
    auditEvent({
      type: nudge === 'remind' ? 'GRANT_APPROVAL_REMINDED' : 'GRANT_ESCALATED',
      actor: { kind: 'system', id: nudge === 'remind' ? 'reminder' : 'escalation' },
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      details: { waitedMs, approvals: grant.approvals.length, ...(mentioned && { mentioned }) },
    }),
  );
}
