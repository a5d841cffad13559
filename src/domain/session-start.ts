import { type AuditEventDraft, auditEvent } from './audit-event.ts';
import type { Actor, Grant } from './grant.ts';

export interface SessionStart {
  /** Who or what decided: the last approver, or the auto-approving policy (as a system actor). */
  actor: Actor;
  at: Date;
  /** The grant's fields that record the decision (approvals, decidedBy, approvedByPolicy). */
  decision: Partial<Grant> & { decidedBy: string };
  /** Slack ids of the approvers, for the event; none for an auto-approval. */
  approverIds: string[];
  /** What else the event records about the decision (the policy and its ids). */
  details?: Record<string, unknown>;
}

/**
 * A PENDING grant becomes ACTIVE: its clock starts now (DESIGN.md §1), its expiry gets a new version, and
 * IMPERSONATION_START records it. Shared by the Nth approval and by an auto-approving policy.
 */
export function startSession(pending: Grant, start: SessionStart): { grant: Grant; event: AuditEventDraft } {
  const { at } = start;
  const expiresAt = new Date(at.getTime() + pending.requestedDurationMs);
  const grant: Grant = {
    ...pending,
    ...start.decision,
    status: 'ACTIVE',
    decidedAt: at,
    startTime: at,
    expiresAt,
    expiryVersion: pending.expiryVersion + 1,
  };
  const event = auditEvent({
    type: 'IMPERSONATION_START',
    actor: start.actor,
    occurredAt: at,
    tenant: grant.tenant,
    grantId: grant.id,
    before: { status: 'PENDING' },
    after: { status: 'ACTIVE', startTime: at, expiresAt },
    details: {
      adminUser: grant.requesterEmail ?? grant.requesterId,
      targetUser: grant.targetUser,
      approvers: start.approverIds,
      ...start.details,
      durationMs: grant.requestedDurationMs,
    },
  });
  return { grant, event };
}
