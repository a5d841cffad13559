import { describe, expect, it } from 'vitest';
import { repeatedDenials } from '../../src/domain/anomaly/rules/repeated-denials.ts';
import { tenantHotSpot } from '../../src/domain/anomaly/rules/tenant-hot-spot.ts';
import { aScanGrant, DAY, HOUR, MINUTE, NOON, run } from '../support/anomaly-fixture.ts';

/** `n` denials of U0REQUESTER, `spacingMs` apart, the last at NOON. */
const denials = (n: number, spacingMs: number) =>
  Array.from({ length: n }, (_, i) => {
    const decidedAt = new Date(NOON.getTime() - (n - 1 - i) * spacingMs);
    return aScanGrant({
      requestedAt: new Date(decidedAt.getTime() - MINUTE),
      startTime: null,
      status: 'DENIED',
      decidedAt,
      decidedBy: 'U0APPROVER1',
    });
  });

describe('repeated denials: 3 or more for one requester in 7 days', () => {
  it('says nothing of 2', () => {
    expect(run(repeatedDenials, { grants: denials(2, DAY) })).toEqual([]);
  });

  it('flags 3, naming who denied', () => {
    const [finding] = run(repeatedDenials, { grants: denials(3, 3 * DAY - HOUR) });
    expect(finding).toMatchObject({
      rule: 'repeated-denials',
      key: 'repeated-denials:U0REQUESTER:2026-W45',
      evidence: { people: ['U0REQUESTER', 'U0APPROVER1'], counts: { denials: 3 } },
    });
  });

  it('does not flag 3 spread over more than 7 days', () => {
    expect(run(repeatedDenials, { grants: denials(3, 3.5 * DAY + HOUR) })).toEqual([]);
  });
});

/** Sessions on `acme` by the given people, an hour apart, the last at NOON. */
const sessionsBy = (people: string[]) =>
  people.map((requesterId, i) => {
    const startTime = new Date(NOON.getTime() - (people.length - 1 - i) * HOUR);
    return aScanGrant({ requesterId, requestedAt: new Date(startTime.getTime() - MINUTE), startTime });
  });

describe('tenant hot spot: more than 5 distinct staff on one tenant in 7 days', () => {
  it('says nothing of 5 people, however many sessions', () => {
    expect(run(tenantHotSpot, { grants: sessionsBy(['U1', 'U2', 'U3', 'U4', 'U5', 'U1', 'U2']) })).toEqual([]);
  });

  it('flags a sixth person', () => {
    const [finding] = run(tenantHotSpot, { grants: sessionsBy(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']) });
    expect(finding).toMatchObject({
      rule: 'tenant-hot-spot',
      subject: 'acme',
      key: 'tenant-hot-spot:acme:2026-W45',
      evidence: { people: ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'], counts: { staff: 6, sessions: 6 } },
    });
  });

  it('counts sessions, not requests that never started', () => {
    const grants = sessionsBy(['U1', 'U2', 'U3', 'U4', 'U5']);
    grants.push(aScanGrant({ requesterId: 'U6', startTime: null }));
    expect(run(tenantHotSpot, { grants })).toEqual([]);
  });
});
