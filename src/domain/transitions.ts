/**
 * The grant's state machine (DESIGN.md §1). Each function is pure: it takes the grant as loaded under its row
 * lock and the moment of the change, and returns what happened (see transition.ts). Nothing here reads a clock.
 */
import { auditEvent } from './audit-event.ts';
import { ErrorCode, GrantdeskError } from './errors.ts';
import { type Actor, type EndReason, type Grant, requiredApprovalsOf } from './grant.ts';
import { type GrantPolicy, lapsesAtMs } from './grant-policy.ts';
import { startSession } from './session-start.ts';
import { isStorableText, unstorableTextError } from './storable-text.ts';
import { applied, refused, type Transition, unchanged } from './transition.ts';
import {
  accessRefused,
  alreadyDecided,
  type DecisionInput,
  describeGrant,
  isPastExpiry,
  isPastTtl,
  lapsedError,
} from './transition-checks.ts';

/**
 * Adds an approval; the Nth distinct one (the grant's required approvals, else REQUIRED_APPROVALS) starts the session
 * and its clock.
 */
export function approve(grant: Grant, { approver, isApprover, at, policy, policyIds }: DecisionInput): Transition {
  const required = requiredApprovalsOf(grant, policy.requiredApprovals);
  // Who is clicking is checked before the state: a refused click is audited whatever the grant's status.
  if (approver.id === grant.requesterId) {
    const error = new GrantdeskError(
      ErrorCode.SelfApproval,
      `You cannot approve your own request ${describeGrant(grant)}: another approver must decide it.`,
    );
    return refused(error, accessRefused(grant, approver, at, 'approve', error));
  }
  if (!isApprover) {
    const error = new GrantdeskError(
      ErrorCode.NotApprover,
      `Only approvers can approve ${describeGrant(grant)}. Ask someone in the approver group.`,
    );
    return refused(error, accessRefused(grant, approver, at, 'approve', error));
  }
  if (grant.status !== 'PENDING') {
    const approvedBefore = grant.approvals.some((a) => a.approverId === approver.id);
    return approvedBefore
      ? unchanged(grant, `You already approved ${describeGrant(grant)}.`)
      : refused(alreadyDecided(grant));
  }
  if (isPastTtl(grant, at, policy)) return refused(lapsedError(grant));
  if (grant.approvals.some((a) => a.approverId === approver.id)) {
    return unchanged(
      grant,
      `You already approved ${describeGrant(grant)}; it needs ${required - grant.approvals.length} more.`,
    );
  }
  const approvals = [
    ...grant.approvals,
    { approverId: approver.id, approverEmail: approver.email ?? null, approvedAt: at },
  ];
  const added = auditEvent({
    type: 'GRANT_APPROVAL_ADDED',
    actor: approver,
    occurredAt: at,
    tenant: grant.tenant,
    grantId: grant.id,
    details: { approvals: approvals.length, required, ...(policyIds && { policyIds }) },
  });
  if (approvals.length < required) return applied({ ...grant, approvals }, added);

  const { grant: active, event: start } = startSession(grant, {
    actor: approver,
    at,
    decision: { approvals, decidedBy: approver.id },
    approverIds: approvals.map((a) => a.approverId),
  });
  return applied(active, added, start);
}

export function deny(grant: Grant, input: DecisionInput & { reason: string }): Transition {
  const { approver, isApprover, at } = input;
  if (grant.status !== 'PENDING') {
    return grant.status === 'DENIED' && grant.decidedBy === approver.id
      ? unchanged(grant, `You already denied ${describeGrant(grant)}.`)
      : refused(alreadyDecided(grant));
  }
  if (approver.id === grant.requesterId) {
    return refused(
      new GrantdeskError(ErrorCode.SelfApproval, `To withdraw your own request, use /grant cancel ${grant.shortCode}.`),
    );
  }
  if (!isApprover) {
    const error = new GrantdeskError(ErrorCode.NotApprover, `Only approvers can deny ${describeGrant(grant)}.`);
    return refused(error, accessRefused(grant, approver, at, 'deny', error));
  }
  if (isPastTtl(grant, at, input.policy)) return refused(lapsedError(grant));
  const reason = input.reason.trim();
  if (!reason) {
    return refused(
      new GrantdeskError(ErrorCode.InvalidReason, 'Say why you deny it: the requester sees the reason.', {
        field: 'reason',
      }),
    );
  }
  if (!isStorableText(reason)) return refused(unstorableTextError('reason', 'The reason'));
  const denied: Grant = { ...grant, status: 'DENIED', decidedAt: at, decidedBy: approver.id, denyReason: reason };
  return applied(
    denied,
    auditEvent({
      type: 'GRANT_DENIED',
      actor: approver,
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      before: { status: 'PENDING' },
      after: { status: 'DENIED' },
      details: { reason },
    }),
  );
}

export function cancel(
  grant: Grant,
  { actor, at, policy }: { actor: Actor; at: Date; policy: GrantPolicy },
): Transition {
  if (actor.id !== grant.requesterId) {
    return refused(
      new GrantdeskError(
        ErrorCode.NotRequester,
        `Only the requester can cancel ${describeGrant(grant)}; approvers can deny it instead.`,
      ),
    );
  }
  if (grant.status === 'CANCELLED') return unchanged(grant, `${describeGrant(grant)} is already cancelled.`);
  if (grant.status === 'ACTIVE') {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidTransition,
        `${describeGrant(grant)} is already active: end it with /grant end ${grant.shortCode}.`,
      ),
    );
  }
  if (grant.status !== 'PENDING') return refused(alreadyDecided(grant));
  if (isPastTtl(grant, at, policy)) return refused(lapsedError(grant));
  return applied(
    { ...grant, status: 'CANCELLED', decidedAt: at, decidedBy: actor.id },
    auditEvent({
      type: 'GRANT_CANCELLED',
      actor,
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      before: { status: 'PENDING' },
      after: { status: 'CANCELLED' },
    }),
  );
}

/** Moves an ACTIVE grant to ENDED; shared by end, revoke, ticket closure, expiry and idle expiry. */
export function endSession(
  grant: Grant,
  actor: Actor,
  at: Date,
  endReason: EndReason,
  note: string | null,
  extraDetails: Record<string, unknown> = {},
): Transition {
  const ended: Grant = {
    ...grant,
    status: 'ENDED',
    endTime: at,
    endReason,
    endedBy: actor.id,
    endNote: note,
    pendingExtension: null,
  };
  // Access stopped at expiresAt even when the ending is recorded later (uses are refused past it), so the session's
  // length is counted up to whichever came first.
  const accessEnded = Math.min(at.getTime(), grant.expiresAt?.getTime() ?? at.getTime());
  const durationMinutes = grant.startTime ? Math.round((accessEnded - grant.startTime.getTime()) / 60_000) : 0;
  return applied(
    ended,
    auditEvent({
      type: 'IMPERSONATION_END',
      actor,
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      before: { status: 'ACTIVE', expiresAt: grant.expiresAt },
      after: { status: 'ENDED', endTime: at, endReason },
      details: { endReason, note, durationMinutes, ...extraDetails },
    }),
  );
}

/** The requester (or the console, for the requester) ends the session early. */
export function end(grant: Grant, { actor, at }: { actor: Actor; at: Date }): Transition {
  if (actor.kind === 'staff' && actor.id !== grant.requesterId) {
    return refused(
      new GrantdeskError(
        ErrorCode.NotRequester,
        `Only the requester can end ${describeGrant(grant)}; approvers can revoke it with /grant revoke ${grant.shortCode} <reason>.`,
      ),
    );
  }
  if (grant.status === 'ENDED') return unchanged(grant, `${describeGrant(grant)} has already ended.`);
  if (grant.status === 'PENDING') {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidTransition,
        `${describeGrant(grant)} is not active yet: withdraw it with /grant cancel ${grant.shortCode}.`,
      ),
    );
  }
  if (grant.status !== 'ACTIVE') return refused(alreadyDecided(grant));
  if (isPastExpiry(grant, at)) return expire(grant, { at });
  const note = actor.kind === 'api-client' ? 'ended by the console' : 'ended by requester';
  return endSession(grant, actor, at, 'NORMAL', note);
}

/** An approver takes access away before its expiry. */
export function revoke(grant: Grant, input: DecisionInput & { reason: string }): Transition {
  const { approver, isApprover, at } = input;
  if (!isApprover) {
    const error = new GrantdeskError(ErrorCode.NotApprover, `Only approvers can revoke ${describeGrant(grant)}.`);
    return refused(error, accessRefused(grant, approver, at, 'revoke', error));
  }
  if (grant.status === 'ENDED')
    return unchanged(grant, `${describeGrant(grant)} has already ended (${grant.endReason}).`);
  if (grant.status === 'PENDING') {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidTransition,
        `${describeGrant(grant)} is still pending: deny it instead of revoking it.`,
      ),
    );
  }
  if (grant.status !== 'ACTIVE') return refused(alreadyDecided(grant));
  if (isPastExpiry(grant, at)) return expire(grant, { at });
  const reason = input.reason.trim();
  if (!reason) {
    return refused(
      new GrantdeskError(ErrorCode.InvalidReason, `Say why: /grant revoke ${grant.shortCode} <reason>.`, {
        field: 'reason',
      }),
    );
  }
  if (!isStorableText(reason)) return refused(unstorableTextError('reason', 'The reason'));
  return endSession(grant, approver, at, 'FORCED', reason);
}

/** The system ends a session for a reason of its own (the ticket was closed). */
export function forceEnd(
  grant: Grant,
  { actor, at, note, details }: { actor: Actor; at: Date; note: string; details?: Record<string, unknown> },
): Transition {
  if (grant.status !== 'ACTIVE') return unchanged(grant, `${describeGrant(grant)} is not active.`);
  return endSession(grant, actor, at, 'FORCED', note, details);
}

/**
 * The expiry job (or the reconciler) ends the session at expiresAt. A job scheduled for an older expiry version
 * (superseded by an extension) or that fires before the time changes nothing.
 */
export function expire(grant: Grant, { at, version }: { at: Date; version?: number }): Transition {
  if (grant.status !== 'ACTIVE')
    return unchanged(grant, `${describeGrant(grant)} is ${grant.status}, nothing to expire.`);
  if (version !== undefined && version !== grant.expiryVersion) {
    return unchanged(grant, `expiry version ${version} was superseded by ${grant.expiryVersion}`);
  }
  if (!grant.expiresAt || at.getTime() < grant.expiresAt.getTime()) {
    return unchanged(grant, `${describeGrant(grant)} is not due until ${grant.expiresAt?.toISOString()}`);
  }
  return endSession(grant, { kind: 'system', id: 'expiry' }, at, 'EXPIRED', 'expired');
}

/** A PENDING request nobody decided within PENDING_TTL lapses. */
export function lapse(grant: Grant, { at, policy }: { at: Date; policy: GrantPolicy }): Transition {
  if (grant.status !== 'PENDING')
    return unchanged(grant, `${describeGrant(grant)} is ${grant.status}, nothing to lapse.`);
  if (at.getTime() < lapsesAtMs(grant, policy))
    return unchanged(grant, `${describeGrant(grant)} is not due to lapse yet`);
  return applied(
    { ...grant, status: 'LAPSED', decidedAt: at },
    auditEvent({
      type: 'GRANT_LAPSED',
      actor: { kind: 'system', id: 'lapse' },
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      before: { status: 'PENDING' },
      after: { status: 'LAPSED' },
      details: { pendingTtlMs: policy.pendingTtlMs },
    }),
  );
}
