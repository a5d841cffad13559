import { describe, expect, it } from 'vitest';
import { ANOMALY_RULES } from '../../src/domain/anomaly/anomaly-finding.ts';
import { DEFAULT_ANOMALY_THRESHOLDS, longestWindowMs } from '../../src/domain/anomaly/anomaly-thresholds.ts';
import { detectAnomalies, RULES } from '../../src/domain/anomaly/detect-anomalies.ts';
import { strongestWindows } from '../../src/domain/anomaly/sliding-window.ts';
import { aBurst, aContext, aRefusal, aScanGrant, DAY, HOUR, NOON } from '../support/anomaly-fixture.ts';

describe('detectAnomalies', () => {
  it('runs every rule, most severe first, then oldest', () => {
    expect(Object.keys(RULES).sort()).toEqual([...ANOMALY_RULES].sort());
    const grants = [
      ...aBurst(6, HOUR, { startTime: null, ticketKey: 'OPS-2' }),
      aScanGrant({
        requestedAt: new Date('2026-11-03T21:59:55Z'),
        startTime: new Date('2026-11-03T22:00:00Z'),
        approvals: [{ approverId: 'U0APPROVER1', approvedAt: new Date('2026-11-03T22:00:00Z') }],
      }),
    ];
    const findings = detectAnomalies({ grants, refusals: [aRefusal()] }, aContext());
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'HIGH refused-access',
      'MEDIUM off-hours-activation',
      'MEDIUM rubber-stamp-approval',
      'MEDIUM frequent-requests',
      'MEDIUM ticket-reuse',
    ]);
  });

  it('gives the same keys to overlapping scans, so replicas and later scans post each finding once', () => {
    const input = { grants: aBurst(7, HOUR, { startTime: null }), refusals: [aRefusal()] };
    const yesterday = detectAnomalies(input, aContext({ from: new Date(NOON.getTime() - DAY) }));
    const lastTwoHours = detectAnomalies(input, aContext({ from: new Date(NOON.getTime() - 2 * HOUR) }));
    expect(lastTwoHours.map((f) => f.key)).toEqual([
      'refused-access:U0INTRUDER/00000000-0000-4000-8000-000000000999:2026-11-04',
      'frequent-requests:U0REQUESTER:2026-11-04',
      'ticket-reuse:OPS-1:2026-W45',
    ]);
    expect(yesterday.map((f) => f.key)).toEqual(lastTwoHours.map((f) => f.key));
  });

  it('looks back as far as the longest rule window', () => {
    expect(longestWindowMs(DEFAULT_ANOMALY_THRESHOLDS)).toBe(7 * DAY);
  });
});

describe('strongestWindows', () => {
  const times = [0, 10, 20, 30, 100, 110];
  const windows = (from: number, to: number) =>
    strongestWindows(times, {
      timeOf: (t) => t,
      windowMs: 25,
      from,
      to,
      strength: (size) => (size >= 3 ? size : 0),
      periodOf: (end) => (end < 50 ? 'early' : 'late'),
    });

  it('keeps, per period, the strongest window ending in the scanned range: (end - window, end]', () => {
    expect(windows(0, 1000)).toEqual([{ period: 'early', items: [10, 20, 30], distinct: new Map(), end: 30 }]);
    // The window ending at 20 holds 0, 10, 20; ending at 30 it has dropped 0 (30 - 25 = 5 > 0).
    expect(windows(0, 25)).toEqual([{ period: 'early', items: [0, 10, 20], distinct: new Map(), end: 20 }]);
  });

  it('counts earlier events towards windows ending in range, but reports none ending before it', () => {
    expect(windows(25, 1000)).toHaveLength(1);
    expect(windows(31, 1000)).toEqual([]);
  });
});
