/**
 * Break-glass (DESIGN.md §7): access during an incident when no approver can answer. Only where access policy
 * permits the `break_glass` action; ACTIVE at once, for at most BREAK_GLASS_MAX_DURATION; reviewed afterwards by an
 * approver, who acknowledges it or flags it with a note. Pure: the use cases load, call these and save.
 */
import { type AuditEventDraft, auditEvent } from './audit-event.ts';
import { formatDuration } from './duration.ts';
import { ErrorCode, GrantdeskError } from './errors.ts';
import type { Actor, BreakGlassReview, Grant, ReviewOutcome, TicketSnapshot } from './grant.ts';
import { type GrantPolicy, REASON_MAX_LENGTH } from './grant-policy.ts';
import { openGrant, type ValidGrantRequest } from './grant-request.ts';
import type { AccessLevel } from './policy/access-policy.ts';
import { startSession } from './session-start.ts';
import { isStorableText, unstorableTextError } from './storable-text.ts';
import { applied, refused, type Transition, unchanged } from './transition.ts';
import { accessRefused, describeGrant, isPastTtl } from './transition-checks.ts';
import { cancel, lapse } from './transitions.ts';

/**
 * Why a break-glass of `durationMs` is too long, or null: over BREAK_GLASS_MAX_DURATION, or over the @max_duration of
 * the policy (`policyId`) that permitted it.
 */
export function breakGlassTooLong(durationMs: number, maxMs: number, policyId?: string | null): GrantdeskError | null {
  if (durationMs <= maxMs) return null;
  const limit = policyId ? ` under policy ${policyId}` : '';
  return new GrantdeskError(
    ErrorCode.InvalidDuration,
    `Break-glass access lasts at most ${formatDuration(maxMs)}${limit} (you asked for ${formatDuration(durationMs)}): ` +
      `ask for ${formatDuration(maxMs)} or less, and request a normal grant with /grant for longer work.`,
    { field: 'duration' },
  );
}

export function checkBreakGlassDuration(durationMs: number, maxMs: number): void {
  const error = breakGlassTooLong(durationMs, maxMs);
  if (error) throw error;
}

/**
 * A break-glass grant, ACTIVE from `at`: GRANT_BREAK_GLASS (what was asked, and the policies that allowed it) then
 * IMPERSONATION_START by the requester, with no approver. Its card needs no approvals.
 */
export function openBreakGlass(
  id: string,
  request: ValidGrantRequest & { requesterId: string; requesterEmail: string | null },
  ticket: TicketSnapshot,
  at: Date,
  decided: { accessLevel: AccessLevel; policyIds: string[] },
): { grant: Grant; events: AuditEventDraft[] } {
  const { grant: opened } = openGrant(id, request, ticket, at);
  const pending: Grant = { ...opened, accessLevel: decided.accessLevel, breakGlass: true, review: null };
  const actor: Actor = { kind: 'staff', id: request.requesterId, email: request.requesterEmail };
  const broken = auditEvent({
    type: 'GRANT_BREAK_GLASS',
    actor,
    occurredAt: at,
    tenant: pending.tenant,
    grantId: id,
    after: { status: 'ACTIVE' },
    details: {
      shortCode: pending.shortCode,
      targetUser: pending.targetUser,
      reason: pending.reason,
      ticket: { key: ticket.key, summary: ticket.summary, status: ticket.status, url: ticket.url },
      durationMs: pending.requestedDurationMs,
      accessLevel: decided.accessLevel,
      policyIds: decided.policyIds,
    },
  });
  const { grant, event: start } = startSession(pending, {
    actor,
    at,
    decision: { decidedBy: request.requesterId },
    approverIds: [],
    details: { breakGlass: true, policyIds: decided.policyIds, accessLevel: decided.accessLevel },
  });
  return { grant, events: [broken, start] };
}

export interface ReviewInput {
  reviewer: Actor;
  /** Whether access policy lets the reviewer approve this grant (the `approve` action). */
  isApprover: boolean;
  at: Date;
  outcome: ReviewOutcome;
  note: string | null;
}

/**
 * An approver reviews a break-glass grant, whatever its status (it has usually ended by then). Not the requester;
 * once per grant: the same review again changes nothing, another reviewer is told who reviewed it.
 */
export function reviewBreakGlass(grant: Grant, input: ReviewInput): Transition {
  const { reviewer, at } = input;
  if (!grant.breakGlass) {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidTransition,
        `${describeGrant(grant)} was approved in the usual way, not by break-glass: there is nothing to review.`,
      ),
    );
  }
  if (reviewer.id === grant.requesterId) {
    const error = new GrantdeskError(
      ErrorCode.SelfApproval,
      `You cannot review your own break-glass ${describeGrant(grant)}: another approver must.`,
    );
    return refused(error, accessRefused(grant, reviewer, at, 'review', error));
  }
  if (!input.isApprover) {
    const error = new GrantdeskError(
      ErrorCode.NotApprover,
      `Only approvers can review the break-glass ${describeGrant(grant)}. Ask someone in the approver group.`,
    );
    return refused(error, accessRefused(grant, reviewer, at, 'review', error));
  }
  if (grant.review) {
    const done = grant.review;
    if (done.reviewerId === reviewer.id) {
      return unchanged(grant, `You already reviewed ${describeGrant(grant)} (${done.outcome}).`);
    }
    return refused(
      new GrantdeskError(
        ErrorCode.AlreadyDecided,
        `${describeGrant(grant)} was already reviewed (${done.outcome}) by ${done.reviewerEmail ?? done.reviewerId}.`,
        { status: grant.status },
      ),
    );
  }
  const note = input.note?.trim().replace(/\s+/g, ' ') || null;
  if (input.outcome === 'flagged' && !note) {
    return refused(
      new GrantdeskError(ErrorCode.InvalidReason, 'Say why you flag it: the note is what compliance follows up.', {
        field: 'note',
      }),
    );
  }
  if (note && note.length > REASON_MAX_LENGTH) {
    return refused(
      new GrantdeskError(
        ErrorCode.InvalidReason,
        `The note must be at most ${REASON_MAX_LENGTH} characters (it is ${note.length}).`,
        { field: 'note' },
      ),
    );
  }
  if (note && !isStorableText(note)) return refused(unstorableTextError('note', 'The note'));
  const review: BreakGlassReview = {
    reviewerId: reviewer.id,
    reviewerEmail: reviewer.email ?? null,
    outcome: input.outcome,
    note,
    reviewedAt: at,
  };
  const event = auditEvent({
    type: 'GRANT_REVIEWED',
    actor: reviewer,
    occurredAt: at,
    tenant: grant.tenant,
    grantId: grant.id,
    before: { review: null },
    after: { review: { outcome: review.outcome, reviewerId: review.reviewerId } },
    details: { outcome: review.outcome, note, breakGlassAt: grant.startTime, status: grant.status },
  });
  return applied({ ...grant, review }, event);
}

/** When an unreviewed break-glass becomes overdue: BREAK_GLASS_REVIEW_WITHIN after it started. */
export function reviewDueAt(grant: Pick<Grant, 'startTime' | 'requestedAt'>, reviewWithinMs: number): Date {
  return new Date((grant.startTime ?? grant.requestedAt).getTime() + reviewWithinMs);
}

/** The review reminder job's outbox key, one per grant; also the reminder's notification id (stable across retries). */
export const reviewReminderKey = (grantId: string) => `review-due:${grantId}`;

/**
 * Breaking glass over the requester's own request still waiting for the same need: the emergency is why nobody
 * answering it cannot be waited for, so the request is withdrawn in the break-glass's own transaction (its
 * GRANT_CANCELLED names the break-glass in `details.supersededBy`), and one grant per need still holds. A request
 * already past PENDING_TTL lapses, as its job would have lapsed it.
 */
export function supersedeByBreakGlass(
  pending: Grant,
  { at, policy, breakGlassId }: { at: Date; policy: GrantPolicy; breakGlassId: string },
): Transition {
  if (pending.status !== 'PENDING') return unchanged(pending, `${describeGrant(pending)} is ${pending.status}.`);
  if (isPastTtl(pending, at, policy)) return lapse(pending, { at, policy });
  const requester: Actor = { kind: 'staff', id: pending.requesterId, email: pending.requesterEmail };
  const cancelled = cancel(pending, { actor: requester, at, policy });
  if (cancelled.outcome !== 'applied') return cancelled;
  const events = cancelled.events.map((event) => ({
    ...event,
    details: { ...event.details, supersededBy: breakGlassId },
  }));
  return { ...cancelled, events };
}
