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

const describe = (grant: Grant) => `${grant.shortCode} (${grant.tenant})`;

/** The ACCESS_REFUSED event for an attempt that policy or state does not allow. */
export function accessRefused(grant: Grant, actor: Actor, at: Date, attempted: string, error: GrantdeskError) {
  return auditEvent({
    type: 'ACCESS_REFUSED',
    actor,
    occurredAt: at,
    tenant: grant.tenant,
    grantId: grant.id,
    details: { attempted, code: error.code, reason: error.message, status: grant.status },
  });
}

function alreadyDecided(grant: Grant): GrantdeskError {
  const how: Record<Grant['status'], string> = {
    PENDING: 'is still pending',
    ACTIVE: 'was already approved and is active',
    DENIED: `was already denied${grant.decidedBy ? ` by ${grant.decidedBy}` : ''}`,
    CANCELLED: 'was cancelled by the requester',
    LAPSED: 'lapsed before anyone decided',
    ENDED: `has already ended (${grant.endReason ?? 'ENDED'})`,
  };
  return new GrantdeskError(ErrorCode.AlreadyDecided, `${describe(grant)} ${how[grant.status]}.`, {
    status: grant.status,
  });
}

/** A PENDING request past its TTL has lapsed, whether or not the lapse job has run yet. */
function isPastTtl(grant: Grant, at: Date, policy: GrantPolicy): boolean {
  return grant.status === 'PENDING' && at.getTime() >= lapsesAtMs(grant, policy);
}

function lapsedError(grant: Grant): GrantdeskError {
  return new GrantdeskError(
    ErrorCode.AlreadyDecided,
    `${describe(grant)} lapsed before anyone decided: ask for it again.`,
    {
      status: 'LAPSED',
    },
  );
}

/** An ACTIVE grant past expiresAt has expired, whether or not the expiry job has run yet. */
function isPastExpiry(grant: Grant, at: Date): boolean {
  return grant.status === 'ACTIVE' && grant.expiresAt !== null && at.getTime() >= grant.expiresAt.getTime();
}

export interface DecisionInput {
  approver: Actor;
  /** Whether the approver is in the approver list or user group (resolved by the caller). */
  isApprover: boolean;
  at: Date;
  policy: GrantPolicy;
  /** The access policies that let the approver decide, for the audit trail. */
  policyIds?: string[];
}

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
      `You cannot approve your own request ${describe(grant)}: another approver must decide it.`,
    );
    return refused(error, accessRefused(grant, approver, at, 'approve', error));
  }
  if (!isApprover) {
    const error = new GrantdeskError(
      ErrorCode.NotApprover,
      `Only approvers can approve ${describe(grant)}. Ask someone in the approver group.`,
    );
    return refused(error, accessRefused(grant, approver, at, 'approve', error));
  }
  if (grant.status !== 'PENDING') {
    const approvedBefore = grant.approvals.some((a) => a.approverId === approver.id);
    return approvedBefore
      ? unchanged(grant, `You already approved ${describe(grant)}.`)
      : refused(alreadyDecided(grant));
  }
  if (isPastTtl(grant, at, policy)) return refused(lapsedError(grant));
  if (grant.approvals.some((a) => a.approverId === approver.id)) {
    return unchanged(
      grant,
      `You already approved ${describe(grant)}; it needs ${required - grant.approvals.length} more.`,
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
      ? unchanged(grant, `You already denied ${describe(grant)}.`)
      : refused(alreadyDecided(grant));
  }
  if (approver.id === grant.requesterId) {
    return refused(
      new GrantdeskError(ErrorCode.SelfApproval, `To withdraw your own request, use /grant cancel ${grant.shortCode}.`),
    );
  }
  if (!isApprover) {
    const error = new GrantdeskError(ErrorCode.NotApprover, `Only approvers can deny ${describe(grant)}.`);
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
        `Only the requester can cancel ${describe(grant)}; approvers can deny it instead.`,
      ),
    );
  }
  if (grant.status === 'CANCELLED') return unchanged(grant, `${describe(grant)} is already cancelled.`);
  if (grant.status === 'ACTIVE') {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidTransition,
        `${describe(grant)} is already active: end it with /grant end ${grant.shortCode}.`,
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
        `Only the requester can end ${describe(grant)}; approvers can revoke it with /grant revoke ${grant.shortCode} <reason>.`,
      ),
    );
  }
  if (grant.status === 'ENDED') return unchanged(grant, `${describe(grant)} has already ended.`);
  if (grant.status === 'PENDING') {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidTransition,
        `${describe(grant)} is not active yet: withdraw it with /grant cancel ${grant.shortCode}.`,
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
    const error = new GrantdeskError(ErrorCode.NotApprover, `Only approvers can revoke ${describe(grant)}.`);
    return refused(error, accessRefused(grant, approver, at, 'revoke', error));
  }
  if (grant.status === 'ENDED') return unchanged(grant, `${describe(grant)} has already ended (${grant.endReason}).`);
  if (grant.status === 'PENDING') {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidTransition,
        `${describe(grant)} is still pending: deny it instead of revoking it.`,
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
  if (grant.status !== 'ACTIVE') return unchanged(grant, `${describe(grant)} is not active.`);
  return endSession(grant, actor, at, 'FORCED', note, details);
}

/**
 * The expiry job (or the reconciler) ends the session at expiresAt. A job scheduled for an older expiry version
 * (superseded by an extension) or that fires before the time changes nothing.
 */
export function expire(grant: Grant, { at, version }: { at: Date; version?: number }): Transition {
  if (grant.status !== 'ACTIVE') return unchanged(grant, `${describe(grant)} is ${grant.status}, nothing to expire.`);
  if (version !== undefined && version !== grant.expiryVersion) {
    return unchanged(grant, `expiry version ${version} was superseded by ${grant.expiryVersion}`);
  }
  if (!grant.expiresAt || at.getTime() < grant.expiresAt.getTime()) {
    return unchanged(grant, `${describe(grant)} is not due until ${grant.expiresAt?.toISOString()}`);
  }
  return endSession(grant, { kind: 'system', id: 'expiry' }, at, 'EXPIRED', 'expired');
}

/** A PENDING request nobody decided within PENDING_TTL lapses. */
export function lapse(grant: Grant, { at, policy }: { at: Date; policy: GrantPolicy }): Transition {
  if (grant.status !== 'PENDING') return unchanged(grant, `${describe(grant)} is ${grant.status}, nothing to lapse.`);
  if (at.getTime() < lapsesAtMs(grant, policy)) return unchanged(grant, `${describe(grant)} is not due to lapse yet`);
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
