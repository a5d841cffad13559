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
}

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
