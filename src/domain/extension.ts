/**
 * Extensions: the requester asks for more time on an ACTIVE grant; approvers decide it like a request. The new
 * expiry never passes GRANT_MAX_DURATION after the start, and each approved extension bumps the expiry version
 * so the job scheduled for the old expiry becomes a no-op.
 */
import { auditEvent } from './audit-event.ts';
import { formatDuration } from './duration.ts';
import { ErrorCode, GrantdeskError } from './errors.ts';
import type { Actor, Grant } from './grant.ts';
import { REASON_MAX_LENGTH, REASON_MIN_LENGTH } from './grant-policy.ts';
import { isStorableText, unstorableTextError } from './storable-text.ts';
import { applied, refused, type Transition, unchanged } from './transition.ts';
import { accessRefused, type DecisionInput } from './transition-checks.ts';

export interface ExtensionAsk {
  extensionId: string;
  actor: Actor;
  durationMs: number;
  reason: string;
  at: Date;
  maxDurationMs: number;
}

/** Only a live grant (ACTIVE and before its expiry) can be extended; otherwise, the refusal saying why. */
function notExtendable(grant: Grant, at: Date): GrantdeskError | null {
  if (grant.status === 'ACTIVE' && grant.expiresAt && at.getTime() < grant.expiresAt.getTime()) return null;
  const state = grant.status === 'ACTIVE' ? 'has expired' : `is ${grant.status.toLowerCase()}`;
  return new GrantdeskError(
    ErrorCode.GrantNotActive,
    `${grant.shortCode} ${state}, so it cannot be extended: request a new grant instead.`,
  );
}

export function requestExtension(grant: Grant, ask: ExtensionAsk): Transition {
  if (ask.actor.id !== grant.requesterId) {
    return refused(
      new GrantdeskError(ErrorCode.NotRequester, `Only the requester can ask to extend ${grant.shortCode}.`),
    );
  }
  const cannot = notExtendable(grant, ask.at);
  if (cannot) return refused(cannot);
  if (!grant.expiresAt || !grant.startTime) throw new Error(`ACTIVE grant ${grant.id} has no start or expiry`);
  if (grant.pendingExtension) {
    return refused(
      new GrantdeskError(
        ErrorCode.ExtensionPending,
        `An extension of ${grant.shortCode} by ${formatDuration(grant.pendingExtension.durationMs)} is already waiting for approvers.`,
      ),
    );
  }
  const reason = ask.reason.trim().replace(/\s+/g, ' ');
  if (reason.length < REASON_MIN_LENGTH || reason.length > REASON_MAX_LENGTH) {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidReason,
        `The reason must be ${REASON_MIN_LENGTH}–${REASON_MAX_LENGTH} characters (it is ${reason.length}).`,
        { field: 'reason' },
      ),
    );
  }
  if (!isStorableText(reason)) return refused(unstorableTextError('reason', 'The reason'));
  const limit = grant.startTime.getTime() + ask.maxDurationMs;
  const wanted = grant.expiresAt.getTime() + ask.durationMs;
  if (ask.durationMs <= 0 || wanted > limit) {
    const room = Math.max(0, limit - grant.expiresAt.getTime());
    return refused(
      new GrantdeskError(
        ErrorCode.ExtensionTooLong,
        room >= 1000
          ? `A grant may last at most ${formatDuration(ask.maxDurationMs)} from its start: ${grant.shortCode} can be extended by ${formatDuration(room)} at most.`
          : `${grant.shortCode} already runs to the maximum of ${formatDuration(ask.maxDurationMs)}: request a new grant when it ends.`,
        { field: 'duration' },
      ),
    );
  }
  const pendingExtension = {
    id: ask.extensionId,
    durationMs: ask.durationMs,
    reason,
    requestedBy: ask.actor.id,
    requestedAt: ask.at,
    approvals: [],
  };
  return applied(
    { ...grant, pendingExtension },
    auditEvent({
      type: 'GRANT_EXTENSION_REQUESTED',
      actor: ask.actor,
      occurredAt: ask.at,
      tenant: grant.tenant,
      grantId: grant.id,
      details: { extensionId: ask.extensionId, durationMs: ask.durationMs, reason },
    }),
  );
}

/** The Nth distinct approval moves expiresAt; a stale or repeated click changes nothing. */
export function approveExtension(grant: Grant, input: DecisionInput & { extensionId?: string }): Transition {
  const { approver, isApprover, at, policy } = input;
  const pending = grant.pendingExtension;
  if (!pending || (input.extensionId && pending.id !== input.extensionId)) {
    return unchanged(grant, `There is no extension of ${grant.shortCode} waiting for a decision.`);
  }
  if (approver.id === grant.requesterId) {
    const error = new GrantdeskError(
      ErrorCode.SelfApproval,
      `You cannot approve the extension of your own grant ${grant.shortCode}.`,
    );
    return refused(error, accessRefused(grant, approver, at, 'approve-extension', error));
  }
  if (!isApprover) {
    const error = new GrantdeskError(ErrorCode.NotApprover, `Only approvers can extend ${grant.shortCode}.`);
    return refused(error, accessRefused(grant, approver, at, 'approve-extension', error));
  }
  const cannot = notExtendable(grant, at);
  if (cannot) return refused(cannot);
  if (!grant.expiresAt) throw new Error(`ACTIVE grant ${grant.id} has no expiry`);
  if (pending.approvals.some((a) => a.approverId === approver.id)) {
    return unchanged(grant, `You already approved the extension of ${grant.shortCode}.`);
  }
  const approvals = [
    ...pending.approvals,
    { approverId: approver.id, approverEmail: approver.email ?? null, approvedAt: at },
  ];
  if (approvals.length < policy.requiredApprovals) {
    return applied(
      { ...grant, pendingExtension: { ...pending, approvals } },
      auditEvent({
        type: 'GRANT_APPROVAL_ADDED',
        actor: approver,
        occurredAt: at,
        tenant: grant.tenant,
        grantId: grant.id,
        details: { extensionId: pending.id, approvals: approvals.length, required: policy.requiredApprovals },
      }),
    );
  }
  const expiresAt = new Date(grant.expiresAt.getTime() + pending.durationMs);
  return applied(
    { ...grant, expiresAt, expiryVersion: grant.expiryVersion + 1, pendingExtension: null },
    auditEvent({
      type: 'GRANT_EXTENDED',
      actor: approver,
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      before: { expiresAt: grant.expiresAt },
      after: { expiresAt },
      details: {
        extensionId: pending.id,
        durationMs: pending.durationMs,
        reason: pending.reason,
        approvers: approvals.map((a) => a.approverId),
      },
    }),
  );
}

export function denyExtension(
  grant: Grant,
  input: DecisionInput & { reason: string; extensionId?: string },
): Transition {
  const { approver, isApprover, at } = input;
  const pending = grant.pendingExtension;
  if (!pending || (input.extensionId && pending.id !== input.extensionId)) {
    return unchanged(grant, `There is no extension of ${grant.shortCode} waiting for a decision.`);
  }
  if (!isApprover || approver.id === grant.requesterId) {
    const error = new GrantdeskError(
      ErrorCode.NotApprover,
      `Only approvers can deny the extension of ${grant.shortCode}.`,
    );
    return refused(error, accessRefused(grant, approver, at, 'deny-extension', error));
  }
  const cannot = notExtendable(grant, at);
  if (cannot) return refused(cannot);
  const reason = input.reason.trim();
  if (!reason) {
    return refused(new GrantdeskError(ErrorCode.InvalidReason, 'Say why you deny the extension.', { field: 'reason' }));
  }
  if (!isStorableText(reason)) return refused(unstorableTextError('reason', 'The reason'));
  return applied(
    { ...grant, pendingExtension: null },
    auditEvent({
      type: 'GRANT_EXTENSION_DENIED',
      actor: approver,
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      details: { extensionId: pending.id, durationMs: pending.durationMs, reason },
    }),
  );
}
