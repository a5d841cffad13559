import { describe, expect, it } from 'vitest';
import { refusedAccess } from '../../src/domain/anomaly/rules/refused-access.ts';
import { unusedGrants } from '../../src/domain/anomaly/rules/unused-grants.ts';
import { aRefusal, aScanGrant, DAY, MINUTE, NOON, run } from '../support/anomaly-fixture.ts';

const ended = (overrides: Parameters<typeof aScanGrant>[0] = {}) =>
  aScanGrant({
    requestedAt: new Date(NOON.getTime() - 40 * MINUTE),
    startTime: new Date(NOON.getTime() - 35 * MINUTE),
    status: 'ENDED',
    endTime: NOON,
    endReason: 'EXPIRED',
    used: false,
    acted: false,
    ...overrides,
  });

describe('unused grants: ended with no use and no action recorded', () => {
  it('flags a session that ended unused', () => {
    const [finding] = run(unusedGrants, { grants: [ended()] });
    expect(finding).toMatchObject({
      rule: 'unused-grant',
      severity: 'LOW',
      evidence: { counts: { uses: 0, actions: 0, activeMinutes: 35 } },
    });
  });

  it('does not flag a session with a use, or with an action', () => {
    expect(run(unusedGrants, { grants: [ended({ used: true })] })).toEqual([]);
    expect(run(unusedGrants, { grants: [ended({ acted: true })] })).toEqual([]);
  });

  it('waits for the session to end', () => {
    expect(run(unusedGrants, { grants: [ended({ status: 'ACTIVE', endTime: null, endReason: null })] })).toEqual([]);
  });
});

describe('refused access: any ACCESS_REFUSED', () => {
  it('flags one refusal as HIGH', () => {
    const [finding] = run(refusedAccess, { refusals: [aRefusal()] });
    expect(finding).toMatchObject({
      rule: 'refused-access',
      severity: 'HIGH',
      subject: 'U0INTRUDER/00000000-0000-4000-8000-000000000999',
      evidence: {
        people: ['U0INTRUDER'],
        counts: { refusals: 1 },
        facts: { attempted: 'use', codes: 'grant_not_active' },
      },
    });
  });

  it('says nothing when there is none', () => {
    expect(run(refusedAccess, { refusals: [] })).toEqual([]);
  });

  it('makes one finding of a day of retries by one actor on one grant', () => {
    const refusals = [0, 1, 2].map((i) => aRefusal({ occurredAt: new Date(NOON.getTime() - i * MINUTE) }));
    const findings = run(refusedAccess, {
      refusals: [...refusals, aRefusal({ actorId: 'U0OTHER', attempted: 'approve' })],
    });
    expect(findings.map((f) => f.evidence.counts.refusals)).toEqual([3, 1]);
  });

  it('leaves out refusals outside the scanned period', () => {
    expect(run(refusedAccess, { refusals: [aRefusal({ occurredAt: new Date(NOON.getTime() - 2 * DAY) })] })).toEqual(
      [],
    );
  });
});
