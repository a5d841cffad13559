/**
 * What the anomaly rules read: the grants and refused accesses around the scanned period, already loaded, and the
 * settings they are judged by. The rules are pure functions of these.
 */
import type { BusinessHours } from '../business-hours.ts';
import type { EndReason, GrantStatus } from '../grant.ts';
import type { AnomalyThresholds } from './anomaly-thresholds.ts';

/**
 * One grant as the rules see it. Times are milliseconds since the epoch, not Dates: a digest scans a few hundred
 * thousand grants, and five Date objects each are the larger part of what the garbage collector then has to trace.
 */
export interface ScanGrant {
  id: string;
  shortCode: string;
  requesterId: string;
  tenant: string;
  ticketKey: string;
  status: GrantStatus;
  requestedAt: number;
  requestedDurationMs: number;
  decidedAt: number | null;
  decidedBy: string | null;
  startTime: number | null;
  expiresAt: number | null;
  endTime: number | null;
  endReason: EndReason | null;
  approvals: { approverId: string; approvedAt: number }[];
  /** Whether the console recorded any use of the session. */
  used: boolean;
  /** Whether the console recorded any action during the session. */
  acted: boolean;
  /** Started by break-glass (absent: no). */
  breakGlass?: boolean;
  /** When an approver reviewed the break-glass; null or absent while unreviewed. */
  reviewedAt?: number | null;
}

/** One ACCESS_REFUSED audit event. */
export interface RefusedAccess {
  eventId: string;
  occurredAt: Date;
  actorId: string;
  grantId: string | null;
  grantShortCode: string | null;
  tenant: string | null;
  /** What was attempted (`use`, `approve`, `record-action`…) and the refusal's error code. */
  attempted: string | null;
  code: string | null;
}

export interface AnomalyScanInput {
  /** Every grant requested from the scanned period's start minus the longest rule window, in any order. */
  grants: readonly ScanGrant[];
  /** The refusals that occurred in the scanned period. */
  refusals: readonly RefusedAccess[];
}

export interface AnomalyScanContext {
  /** Findings are about events at or after `from` and before `to`; earlier events only count towards windows. */
  from: Date;
  to: Date;
  timeZone: string;
  businessHours: BusinessHours;
  /** GRANT_MAX_DURATION, for the long-grant rule. */
  maxDurationMs: number;
  thresholds: AnomalyThresholds;
}

/** Whether an event time lies in the scanned period. */
export function inPeriod(at: number | null, context: AnomalyScanContext): at is number {
  return at !== null && at >= context.from.getTime() && at < context.to.getTime();
}

export const grantRef = (grant: Pick<ScanGrant, 'id' | 'shortCode'>) => ({ id: grant.id, shortCode: grant.shortCode });
