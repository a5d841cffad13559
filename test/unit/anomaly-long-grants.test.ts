import { describe, expect, it } from 'vitest';
import { longGrants } from '../../src/domain/anomaly/rules/long-grants.ts';
import { aScanGrant, HOUR, MINUTE, NOON, run } from '../support/anomaly-fixture.ts';

const lasting = (ms: number) =>
  aScanGrant({ startTime: NOON, requestedDurationMs: ms, expiresAt: new Date(NOON.getTime() + ms) });

describe('long grants: at least 90% of GRANT_MAX_DURATION (8h, so 7h12m)', () => {
  it('flags exactly 90% and more', () => {
    const [finding] = run(longGrants, { grants: [lasting(7 * HOUR + 12 * MINUTE)] });
    expect(finding).toMatchObject({
      rule: 'long-grant',
      severity: 'LOW',
      evidence: { counts: { grantedMinutes: 432, sharePercent: 90 } },
    });
    expect(run(longGrants, { grants: [lasting(8 * HOUR)] })).toHaveLength(1);
  });

  it('does not flag a millisecond under 90%', () => {
    expect(run(longGrants, { grants: [lasting(7 * HOUR + 12 * MINUTE - 1)] })).toEqual([]);
  });

  it('counts extensions: a 4h request extended to 8h is long', () => {
    const extended = aScanGrant({
      startTime: NOON,
      requestedDurationMs: 4 * HOUR,
      expiresAt: new Date(NOON.getTime() + 8 * HOUR),
    });
    expect(run(longGrants, { grants: [extended] })).toHaveLength(1);
  });

  it('follows GRANT_MAX_DURATION', () => {
    expect(run(longGrants, { grants: [lasting(54 * MINUTE)] }, { maxDurationMs: HOUR })).toHaveLength(1);
    expect(run(longGrants, { grants: [lasting(53 * MINUTE)] }, { maxDurationMs: HOUR })).toEqual([]);
  });
});
