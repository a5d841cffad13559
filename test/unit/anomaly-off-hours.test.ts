import { describe, expect, it } from 'vitest';
import { offHoursActivation } from '../../src/domain/anomaly/rules/off-hours-activation.ts';
import { aScanGrant, DAY, run } from '../support/anomaly-fixture.ts';

/** The scanned period around the late-October 2026 change in Paris (CEST +2 until Sunday 25th 03:00, then CET +1). */
const AROUND_DST = { from: new Date('2026-10-20T00:00:00Z'), to: new Date('2026-10-30T00:00:00Z') };

const startedAt = (iso: string) =>
  run(offHoursActivation, { grants: [aScanGrant({ startTime: new Date(iso) })] }, AROUND_DST);

describe('off-hours activation: a session started outside BUSINESS_HOURS (Mon-Fri 08:00-19:00 Europe/Paris)', () => {
  it('flags 07:59 and 19:00, not 08:00 or 18:59 (the end is exclusive)', () => {
    expect(startedAt('2026-10-28T06:59:00Z')).toHaveLength(1); // Wed 07:59 CET
    expect(startedAt('2026-10-28T07:00:00Z')).toEqual([]); // Wed 08:00 CET
    expect(startedAt('2026-10-28T17:59:00Z')).toEqual([]); // Wed 18:59 CET
    expect(startedAt('2026-10-28T18:00:00Z')).toHaveLength(1); // Wed 19:00 CET
  });

  it('flags a weekend day at noon', () => {
    const [finding] = startedAt('2026-10-24T10:00:00Z'); // Sat 12:00 CEST
    expect(finding).toMatchObject({
      rule: 'off-hours-activation',
      severity: 'MEDIUM',
      period: '2026-10-24',
      evidence: { facts: { localTime: 'Sat 12:00 Europe/Paris' }, people: ['U0REQUESTER', 'U0APPROVER1'] },
    });
  });

  it('reads the wall clock on both sides of the daylight-saving change', () => {
    // 07:30 UTC is 09:30 in Paris before the change and 08:30 after it: inside business hours both times.
    expect(startedAt('2026-10-23T07:30:00Z')).toEqual([]); // Fri 09:30 CEST
    expect(startedAt('2026-10-26T07:30:00Z')).toEqual([]); // Mon 08:30 CET
    // 06:30 UTC is 08:30 before (inside) but 07:30 after (outside).
    expect(startedAt('2026-10-23T06:30:00Z')).toEqual([]); // Fri 08:30 CEST
    expect(startedAt('2026-10-26T06:30:00Z')).toHaveLength(1); // Mon 07:30 CET
  });

  it('ignores requests that never started and sessions started outside the scanned period', () => {
    expect(run(offHoursActivation, { grants: [aScanGrant({ startTime: null })] }, AROUND_DST)).toEqual([]);
    const before = new Date(AROUND_DST.from.getTime() - DAY);
    expect(run(offHoursActivation, { grants: [aScanGrant({ startTime: before })] }, AROUND_DST)).toEqual([]);
  });
});
