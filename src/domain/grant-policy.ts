/** The bounds a deployment sets on grants (from configuration; see .env.example). */
export interface GrantPolicy {
  minDurationMs: number;
  defaultDurationMs: number;
  maxDurationMs: number;
  /** Distinct approvers needed; never the requester. */
  requiredApprovals: number;
  /** A PENDING request lapses this long after it was made. */
  pendingTtlMs: number;
  /** The requester is warned this long before expiry. */
  expiryWarningMs: number;
  /** SESSION_IDLE_TIMEOUT: an ACTIVE session unused this long expires early. Absent or null: off. */
  idleTimeoutMs?: number | null;
  /** BREAK_GLASS_MAX_DURATION: the longest break-glass. Absent: DEFAULT_BREAK_GLASS_MAX_DURATION_MS. */
  breakGlassMaxDurationMs?: number;
  /** BREAK_GLASS_REVIEW_WITHIN: an unreviewed break-glass is overdue this long after it started. */
  breakGlassReviewWithinMs?: number;
  /** APPROVAL_REMINDER: a request still PENDING this long after it was made is reminded to its approvers. */
  approvalReminderMs?: number | null;
  /** APPROVAL_ESCALATION: a request still PENDING this long after it was made is escalated. Absent or null: off. */
  approvalEscalationMs?: number | null;
}

/** DESIGN.md §7's defaults: an incident's access for an hour at most, reviewed within a day. */
export const DEFAULT_BREAK_GLASS_MAX_DURATION_MS = 3_600_000;
export const DEFAULT_BREAK_GLASS_REVIEW_WITHIN_MS = 24 * 3_600_000;

/** The longest break-glass: BREAK_GLASS_MAX_DURATION, never more than GRANT_MAX_DURATION allows any grant. */
export const breakGlassMaxDurationOf = (policy: Pick<GrantPolicy, 'breakGlassMaxDurationMs' | 'maxDurationMs'>) =>
  Math.min(policy.breakGlassMaxDurationMs ?? DEFAULT_BREAK_GLASS_MAX_DURATION_MS, policy.maxDurationMs);
export const breakGlassReviewWithinOf = (policy: Pick<GrantPolicy, 'breakGlassReviewWithinMs'>) =>
  policy.breakGlassReviewWithinMs ?? DEFAULT_BREAK_GLASS_REVIEW_WITHIN_MS;

export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 500;
/** Recorded actions are one-line summaries for the trail, not payloads (DESIGN.md §1). */
export const ACTION_MAX_LENGTH = 200;
/** Tenant and target-user identifiers: generous enough for slugs, emails and UUIDs; no whitespace. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

/** When a PENDING request lapses, in epoch ms. */
export function lapsesAtMs(grant: { requestedAt: Date }, policy: Pick<GrantPolicy, 'pendingTtlMs'>): number {
  return grant.requestedAt.getTime() + policy.pendingTtlMs;
}

export type Nudge = 'remind' | 'escalate';

/**
 * When a PENDING request is reminded or escalated, in epoch ms; null when that is off, or would come no earlier than
 * its lapse (a request that has lapsed needs no reminder).
 */
export function nudgeAtMs(
  grant: { requestedAt: Date },
  nudge: Nudge,
  policy: Pick<GrantPolicy, 'pendingTtlMs' | 'approvalReminderMs' | 'approvalEscalationMs'>,
): number | null {
  const after = nudge === 'remind' ? policy.approvalReminderMs : policy.approvalEscalationMs;
  if (!after || after >= policy.pendingTtlMs) return null;
  return grant.requestedAt.getTime() + after;
}
