/**
 * The weekly compliance digest as data: what happened in one ISO week (in DIGEST_TIMEZONE), the trend around it,
 * the week's anomalies and the audit chain head, published so the trail is witnessed outside the database.
 * Built by src/app/build-digest.ts, rendered by src/slack/blocks/digest-message.ts and src/digest/.
 */
import type { AnomalyFinding } from './anomaly/anomaly-finding.ts';
import type { BreakGlassReview, EndReason } from './grant.ts';
import type { AccessLevel } from './policy/access-policy.ts';
import { addDays, type LocalDateTime, zonedParts } from './zoned-time.ts';

/** Where a session of the week stands: still running, or how it ended. */
export type SessionOutcome = 'ACTIVE' | EndReason;
export const SESSION_OUTCOMES: readonly SessionOutcome[] = ['ACTIVE', 'NORMAL', 'FORCED', 'EXPIRED'];

/** How many entries the top-admins list keeps (issue 7: top 10). */
export const TOP_ADMINS = 10;
/** How many months the trend covers (issue 7: 12-month trend), the week's own month last. */
export const TREND_MONTHS = 12;

export interface WeeklyDigest {
  /** `2026-W43`. */
  week: string;
  timeZone: string;
  /** Local Monday 00:00 to the next local Monday 00:00. */
  start: Date;
  end: Date;
  /** True when built before the week was over: the numbers cover the week so far. */
  partial: boolean;
  generatedAt: Date;
  /** Sessions (grants that became active) that started in the week, and in the week before. */
  sessions: number;
  previousWeekSessions: number;
  /** Sessions active when the digest was built. */
  activeNow: number;
  /** Mean length of the week's sessions that have ended; null when none has. */
  averageDurationMs: number | null;
  /** The admins (requesters) with most sessions in the week, most first. */
  topAdmins: { admin: string; slackId: string; sessions: number }[];
  /** The week's sessions by where they stand now. */
  byOutcome: Record<SessionOutcome, number>;
  /** Requests made in the week, and requests denied and lapsed in it. */
  requests: number;
  denials: number;
  lapses: number;
  /** The week's seven local days, Monday first. */
  sessionsPerDay: { day: string; sessions: number }[];
  /** Sessions per local month, oldest first, ending with the month the week ends in. */
  monthlyTrend: { month: string; sessions: number }[];
  anomalies: AnomalyFinding[];
  /** Every break-glass that started in the week, oldest first, with its review (null while unreviewed). */
  breakGlass: DigestBreakGlass[];
  /** The last audit event when the digest was built. */
  chainHead: { seq: number; hash: string };
}

/** One break-glass of the week, as the digest lists it. */
export interface DigestBreakGlass {
  grantId: string;
  shortCode: string;
  requesterId: string;
  tenant: string;
  startTime: Date;
  review: BreakGlassReview | null;
}

/** The week's numbers that one SQL aggregate gives (src/db/digest-queries.ts). */
export type WeekTotals = Pick<
  WeeklyDigest,
  | 'sessions'
  | 'previousWeekSessions'
  | 'activeNow'
  | 'averageDurationMs'
  | 'byOutcome'
  | 'requests'
  | 'denials'
  | 'lapses'
>;

/** Percentage change from the week before, rounded; null when there was nothing to compare with. */
export function weekOverWeekChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 100);
}

/** The TREND_MONTHS local months ending with the one holding the week's last moment, as `2026-10` and first days. */
export function trendMonths(weekEnd: Date, timeZone: string): { month: string; first: LocalDateTime }[] {
  const last = zonedParts(weekEnd.getTime() - 1, timeZone);
  return Array.from({ length: TREND_MONTHS }, (_, i) => {
    // Adding no days normalises the month: month 0 of 2026 becomes December 2025.
    const first = addDays({ year: last.year, month: last.month - (TREND_MONTHS - 1 - i), day: 1 }, 0);
    return { month: `${first.year}-${String(first.month).padStart(2, '0')}`, first };
  });
}

/** One session of the week, as the digest's CSV lists it. Times in milliseconds since the epoch (see ScanGrant). */
export interface DigestSession {
  id: string;
  shortCode: string;
  adminSlackId: string;
  adminEmail: string | null;
  tenant: string;
  targetUser: string | null;
  ticketKey: string;
  reason: string;
  status: string;
  startTime: number;
  endTime: number | null;
  endReason: EndReason | null;
  expiresAt: number | null;
  approvers: string[];
  uses: number;
  actions: number;
  ipAddress: string | null;
  userAgent: string | null;
  accessLevel: AccessLevel;
}
