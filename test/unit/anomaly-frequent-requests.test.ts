import { describe, expect, it } from 'vitest';
import { DEFAULT_ANOMALY_THRESHOLDS } from '../../src/domain/anomaly/anomaly-thresholds.ts';
import { frequentRequests } from '../../src/domain/anomaly/rules/frequent-requests.ts';
import { aBurst, aScanGrant, DAY, HOUR, MINUTE, NOON, run } from '../support/anomaly-fixture.ts';

describe('frequent requests: more than 5 grants by one requester in 24 h', () => {
  it('says nothing of 5 requests in an hour', () => {
    expect(run(frequentRequests, { grants: aBurst(5, 10 * MINUTE) })).toEqual([]);
  });

  it('flags the 6th, with every request as evidence', () => {
    const grants = aBurst(6, 10 * MINUTE);
    const [finding, ...rest] = run(frequentRequests, { grants });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'frequent-requests',
      severity: 'MEDIUM',
      subject: 'U0REQUESTER',
      period: '2026-11-04',
      key: 'frequent-requests:U0REQUESTER:2026-11-04',
      at: NOON,
      evidence: { people: ['U0REQUESTER'], tenants: ['acme'], counts: { requests: 6 } },
    });
    expect(finding?.evidence.grants.map((g) => g.id)).toEqual(grants.map((g) => g.id));
  });

  it('counts within 24 h only: 6 requests spread over just over a day are not flagged', () => {
    const spacing = (DAY + 5 * MINUTE) / 5;
    expect(run(frequentRequests, { grants: aBurst(6, spacing) })).toEqual([]);
    expect(run(frequentRequests, { grants: aBurst(6, (DAY - 5 * MINUTE) / 5) })).toHaveLength(1);
  });

  it('counts each requester apart', () => {
    const grants = [...aBurst(5, MINUTE), ...aBurst(1, MINUTE, { requesterId: 'U0SOMEONE' })];
    expect(run(frequentRequests, { grants })).toEqual([]);
  });

  it('reports a burst outside the scanned period only through later requests', () => {
    const old = aBurst(6, MINUTE, {}, new Date(NOON.getTime() - 2 * DAY));
    expect(run(frequentRequests, { grants: old })).toEqual([]);
  });

  it('reads its threshold from the configuration', () => {
    const thresholds = {
      ...DEFAULT_ANOMALY_THRESHOLDS,
      frequentRequests: { maxGrants: 2, windowMs: HOUR, severity: 'HIGH' as const },
    };
    const [finding] = run(frequentRequests, { grants: aBurst(3, MINUTE) }, { thresholds });
    expect(finding).toMatchObject({ severity: 'HIGH', evidence: { counts: { requests: 3 } } });
    expect(run(frequentRequests, { grants: aBurst(2, MINUTE) }, { thresholds })).toEqual([]);
  });

  it('keeps the same key as the burst grows during the day, so it is posted once', () => {
    const first = run(frequentRequests, { grants: aBurst(6, MINUTE) });
    const later = run(frequentRequests, { grants: [...aBurst(6, MINUTE), aScanGrant({ requestedAt: NOON })] });
    expect(later.map((f) => f.key)).toEqual(first.map((f) => f.key));
    expect(later[0]?.evidence.counts.requests).toBe(7);
  });
});
