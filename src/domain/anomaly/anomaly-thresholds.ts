/**
 * Every rule's threshold and severity, with the defaults issue 7 asks for. Callers pass a copy with changes
 * (tests do, operators may); the rules read nothing else.
 */
import type { Severity } from '../audit-event.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface AnomalyThresholds {
  /** More than `maxGrants` requests by one requester within `windowMs`. */
  frequentRequests: { maxGrants: number; windowMs: number; severity: Severity };
  /** A session that became active outside BUSINESS_HOURS. */
  offHoursActivation: { severity: Severity };
  /** A session granted at least this share of GRANT_MAX_DURATION (extensions included). */
  longGrant: { minShareOfMaxDuration: number; severity: Severity };
  /** One ticket behind grants on more than `maxTenants` tenants, or more than `maxGrants` grants, within `windowMs`. */
  ticketReuse: { maxTenants: number; maxGrants: number; windowMs: number; severity: Severity };
  /** An approval given less than `minReviewMs` after the request (see rubber-stamp-approvals.ts for why). */
  rubberStampApproval: { minReviewMs: number; severity: Severity };
  /**
   * One approver gave more than `maxShare` of a requester's approvals within `windowMs`, and at least
   * `minApprovals` of them.
   */
  concentratedApproval: { maxShare: number; minApprovals: number; windowMs: number; severity: Severity };
  /** A session that ended with no use and no action recorded. */
  unusedGrant: { severity: Severity };
  /** Any ACCESS_REFUSED event. */
  refusedAccess: { severity: Severity };
  /** At least `minDenials` denials of one requester within `windowMs`. */
  repeatedDenials: { minDenials: number; windowMs: number; severity: Severity };
  /** More than `maxStaff` distinct people impersonating one tenant within `windowMs`. */
  tenantHotSpot: { maxStaff: number; windowMs: number; severity: Severity };
  /** A break-glass still unreviewed `reviewWithinMs` (BREAK_GLASS_REVIEW_WITHIN) after it started. */
  unreviewedBreakGlass: { reviewWithinMs: number; severity: Severity };
}

/**
 * Numbers from issue 7. Severities are ours: HIGH is kept for what the audit trail itself rates HIGH (a refused
 * access), MEDIUM for patterns that deserve a look, LOW for single sessions that are merely unusual.
 */
export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = {
  frequentRequests: { maxGrants: 5, windowMs: DAY_MS, severity: 'MEDIUM' },
  offHoursActivation: { severity: 'MEDIUM' },
  longGrant: { minShareOfMaxDuration: 0.9, severity: 'LOW' },
  // The issue gives no period for ticket reuse or approval concentration; they take the 7 days of its other
  // windowed rules, which is also the digest's week. A longer window finds slower patterns but makes every hourly
  // scan read that much more history.
  ticketReuse: { maxTenants: 2, maxGrants: 5, windowMs: 7 * DAY_MS, severity: 'MEDIUM' },
  rubberStampApproval: { minReviewMs: 10_000, severity: 'MEDIUM' },
  concentratedApproval: { maxShare: 0.8, minApprovals: 5, windowMs: 7 * DAY_MS, severity: 'MEDIUM' },
  unusedGrant: { severity: 'LOW' },
  refusedAccess: { severity: 'HIGH' },
  repeatedDenials: { minDenials: 3, windowMs: 7 * DAY_MS, severity: 'MEDIUM' },
  tenantHotSpot: { maxStaff: 5, windowMs: 7 * DAY_MS, severity: 'MEDIUM' },
  // DESIGN.md §7: access nobody approved, and nobody has looked at since, is as serious as a refused access.
  unreviewedBreakGlass: { reviewWithinMs: DAY_MS, severity: 'HIGH' },
};

/** How far before a scanned period the rules need history: the longest window any rule looks back over. */
export function longestWindowMs(thresholds: AnomalyThresholds): number {
  return Math.max(
    thresholds.frequentRequests.windowMs,
    thresholds.ticketReuse.windowMs,
    thresholds.concentratedApproval.windowMs,
    thresholds.repeatedDenials.windowMs,
    thresholds.tenantHotSpot.windowMs,
    thresholds.unreviewedBreakGlass.reviewWithinMs,
  );
}
