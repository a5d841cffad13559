import { type AuditEventDraft, auditEvent } from './audit-event.ts';
import { formatDuration } from './duration.ts';
import { ErrorCode, GrantdeskError } from './errors.ts';
import type { Actor, Grant, TicketSnapshot } from './grant.ts';
import { type GrantPolicy, IDENTIFIER_PATTERN, REASON_MAX_LENGTH, REASON_MIN_LENGTH } from './grant-policy.ts';
import type { AccessLevel } from './policy/access-policy.ts';
import type { Admission } from './policy/admission.ts';
import { startSession } from './session-start.ts';
import { shortCodeOf } from './short-code.ts';
import { isStorableText, unstorableTextError } from './storable-text.ts';

export interface GrantRequestInput {
  requesterId: string;
  requesterEmail: string | null;
  tenant: string;
  targetUser?: string | null;
  reason: string;
  ticketKey: string;
  /** Omitted → the policy's default duration. */
  durationMs?: number | null;
  /** Omitted → read. */
  accessLevel?: AccessLevel;
}

export interface ValidGrantRequest {
  tenant: string;
  targetUser: string | null;
  reason: string;
  durationMs: number;
}

/**
 * Checks what the requester typed, field by field, before anything is looked up or stored. Each refusal names the
 * field (details.field) so a modal can show it inline.
 */
export function validateGrantRequest(input: GrantRequestInput, policy: GrantPolicy): ValidGrantRequest {
  const tenant = input.tenant.trim();
  if (!IDENTIFIER_PATTERN.test(tenant)) {
    throw new GrantdeskError(
      ErrorCode.InvalidTenant,
      tenant
        ? `"${tenant}" is not a tenant id: use letters, digits and . _ @ + - only, up to 128 characters.`
        : 'Say which tenant: /grant <tenant> <TICKET-KEY> <duration> <reason>.',
      { field: 'tenant' },
    );
  }
  const targetUser = input.targetUser?.trim() || null;
  if (targetUser !== null && !IDENTIFIER_PATTERN.test(targetUser)) {
    throw new GrantdeskError(
      ErrorCode.InvalidInput,
      `"${targetUser}" is not a user id: use letters, digits and . _ @ + - only, up to 128 characters.`,
      { field: 'target_user' },
    );
  }
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (reason.length < REASON_MIN_LENGTH || reason.length > REASON_MAX_LENGTH) {
    throw new GrantdeskError(
      ErrorCode.InvalidReason,
      `The reason must be ${REASON_MIN_LENGTH}–${REASON_MAX_LENGTH} characters (it is ${reason.length}): say what you need to do and why.`,
      { field: 'reason' },
    );
  }
  if (!isStorableText(reason)) throw unstorableTextError('reason', 'The reason');
  const durationMs = input.durationMs ?? policy.defaultDurationMs;
  checkDuration(durationMs, policy);
  return { tenant, targetUser, reason, durationMs };
}

export function checkDuration(durationMs: number, policy: GrantPolicy): void {
  if (!Number.isFinite(durationMs) || durationMs < policy.minDurationMs || durationMs > policy.maxDurationMs) {
    throw new GrantdeskError(
      ErrorCode.InvalidDuration,
      `${formatDuration(durationMs)} is outside the allowed range: ask for between ${formatDuration(policy.minDurationMs)} and ${formatDuration(policy.maxDurationMs)}.`,
      { field: 'duration' },
    );
  }
}

/**
 * A new PENDING grant and its GRANT_REQUESTED event, from a validated request and the ticket as Jira has it. With an
 * admission (what access policy decided), the grant carries its access level and routing, and the event the ids of
 * the policies that allowed it; an auto-approved one starts at once (IMPERSONATION_START by the policy).
 */
export function openGrant(
  id: string,
  request: ValidGrantRequest & { requesterId: string; requesterEmail: string | null },
  ticket: TicketSnapshot,
  at: Date,
  admission?: Admission,
): { grant: Grant; events: AuditEventDraft[] } {
  const grant: Grant = {
    id,
    shortCode: shortCodeOf(id),
    requesterId: request.requesterId,
    requesterEmail: request.requesterEmail,
    tenant: request.tenant,
    targetUser: request.targetUser,
    reason: request.reason,
    ticket,
    requestedDurationMs: request.durationMs,
    status: 'PENDING',
    approvals: [],
    requestedAt: at,
    decidedAt: null,
    decidedBy: null,
    denyReason: null,
    startTime: null,
    expiresAt: null,
    endTime: null,
    endReason: null,
    endedBy: null,
    endNote: null,
    ipAddress: null,
    userAgent: null,
    expiryVersion: 0,
    pendingExtension: null,
    card: null,
    ...(admission && {
      accessLevel: admission.accessLevel,
      requiredApprovals: admission.routing.requiredApprovals,
      approverChannelId: admission.routing.approverChannelId,
      approvedByPolicy: null,
    }),
  };
  const actor: Actor = { kind: 'staff', id: request.requesterId, email: request.requesterEmail };
  const event = auditEvent({
    type: 'GRANT_REQUESTED',
    actor,
    occurredAt: at,
    tenant: grant.tenant,
    grantId: id,
    after: { status: 'PENDING' },
    details: {
      shortCode: grant.shortCode,
      targetUser: grant.targetUser,
      reason: grant.reason,
      ticket: { key: ticket.key, summary: ticket.summary, status: ticket.status, url: ticket.url },
      durationMs: grant.requestedDurationMs,
      ...(admission && { accessLevel: admission.accessLevel, policyIds: admission.policyIds }),
    },
  });
  if (!admission?.autoApprovedBy) return { grant, events: [event] };
  return startByPolicy(grant, event, admission.autoApprovedBy, admission.autoApprovalPolicyIds, at);
}

/** An `auto_approve` permit starts the session at once; the policy is the actor that decided it. */
function startByPolicy(
  pending: Grant,
  requested: AuditEventDraft,
  policyId: string,
  policyIds: string[],
  at: Date,
): { grant: Grant; events: AuditEventDraft[] } {
  const { grant, event: start } = startSession(pending, {
    actor: { kind: 'system', id: `policy:${policyId}` },
    at,
    decision: { decidedBy: `policy:${policyId}`, approvedByPolicy: policyId },
    approverIds: [],
    details: { approvedByPolicy: policyId, policyIds, accessLevel: pending.accessLevel ?? 'read' },
  });
  return { grant, events: [requested, start] };
}
