/**
 * Inputs for the anomaly rule tests: scan grants built from a few fields, a context over one day in Europe/Paris
 * with the default thresholds, and helpers to run one rule.
 */
import { DEFAULT_ANOMALY_THRESHOLDS } from '../../src/domain/anomaly/anomaly-thresholds.ts';
import type { AnomalyRule } from '../../src/domain/anomaly/detect-anomalies.ts';
import type {
  AnomalyScanContext,
  AnomalyScanInput,
  RefusedAccess,
  ScanGrant,
} from '../../src/domain/anomaly/scan-input.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A Wednesday, mid-morning in Paris (11:00 CET). */
export const NOON = new Date('2026-11-04T10:00:00Z');
export const at = (offsetMs: number) => new Date(NOON.getTime() + offsetMs);

let counter = 0;

/** ScanGrant with Dates where it has times, which read better in tests; aScanGrant turns them into milliseconds. */
export type ScanGrantOverrides = Omit<
  Partial<ScanGrant>,
  'requestedAt' | 'decidedAt' | 'startTime' | 'expiresAt' | 'endTime' | 'approvals'
> & {
  requestedAt?: Date;
  decidedAt?: Date | null;
  startTime?: Date | null;
  expiresAt?: Date | null;
  endTime?: Date | null;
  approvals?: { approverId: string; approvedAt: Date }[];
};

const ms = (at: Date | null | undefined) => (at ? at.getTime() : null);

/**
 * A session requested at `requestedAt` (default NOON), approved 5 minutes later by U0APPROVER1, running 30 minutes,
 * used once. Overrides replace fields; `startTime: null` makes it a request that never started.
 */
export function aScanGrant(overrides: ScanGrantOverrides = {}): ScanGrant {
  counter += 1;
  const { requestedAt = NOON, decidedAt, startTime, expiresAt, endTime, approvals, ...rest } = overrides;
  const approvedAt = new Date(requestedAt.getTime() + 5 * MINUTE);
  const started = startTime === undefined ? approvedAt : startTime;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    shortCode: `G-TEST${String(counter).padStart(3, '0')}`,
    requesterId: 'U0REQUESTER',
    tenant: 'acme',
    ticketKey: 'OPS-1',
    status: started ? 'ACTIVE' : 'PENDING',
    requestedAt: requestedAt.getTime(),
    requestedDurationMs: 30 * MINUTE,
    decidedAt: decidedAt !== undefined ? ms(decidedAt) : started ? approvedAt.getTime() : null,
    decidedBy: started ? 'U0APPROVER1' : null,
    startTime: ms(started),
    expiresAt: expiresAt !== undefined ? ms(expiresAt) : started ? started.getTime() + 30 * MINUTE : null,
    endTime: ms(endTime),
    endReason: null,
    approvals: (approvals ?? (started ? [{ approverId: 'U0APPROVER1', approvedAt }] : [])).map((a) => ({
      approverId: a.approverId,
      approvedAt: a.approvedAt.getTime(),
    })),
    used: true,
    acted: false,
    ...rest,
  };
}

export function aRefusal(overrides: Partial<RefusedAccess> = {}): RefusedAccess {
  counter += 1;
  return {
    eventId: `10000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    occurredAt: NOON,
    actorId: 'U0INTRUDER',
    grantId: '00000000-0000-4000-8000-000000000999',
    grantShortCode: 'G-REFUSE',
    tenant: 'acme',
    attempted: 'use',
    code: 'grant_not_active',
    ...overrides,
  };
}

/** The scanned period is the 24 hours up to and including NOON (to is exclusive, so one ms past it). */
export function aContext(overrides: Partial<AnomalyScanContext> = {}): AnomalyScanContext {
  return {
    from: new Date(NOON.getTime() - DAY),
    to: new Date(NOON.getTime() + 1),
    timeZone: 'Europe/Paris',
    businessHours: { days: [1, 2, 3, 4, 5], startMinute: 8 * 60, endMinute: 19 * 60 },
    maxDurationMs: 8 * HOUR,
    thresholds: DEFAULT_ANOMALY_THRESHOLDS,
    ...overrides,
  };
}

export function run(rule: AnomalyRule, input: Partial<AnomalyScanInput>, context: Partial<AnomalyScanContext> = {}) {
  return rule({ grants: input.grants ?? [], refusals: input.refusals ?? [] }, aContext(context));
}

/** `n` grants by the same requester, `spacingMs` apart, the last at `last` (default NOON). */
export function aBurst(n: number, spacingMs: number, overrides: ScanGrantOverrides = {}, last = NOON): ScanGrant[] {
  return Array.from({ length: n }, (_, i) =>
    aScanGrant({ requestedAt: new Date(last.getTime() - (n - 1 - i) * spacingMs), ...overrides }),
  );
}
