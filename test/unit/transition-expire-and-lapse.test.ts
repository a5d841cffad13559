import { describe, expect, it } from 'vitest';
import { approve, expire, lapse } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  approverA,
  GRANT_ID,
  HOUR,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  SHORT_CODE,
  twoApprovals,
  unchangedOf,
} from '../support/domain-fixture.ts';
import { cancelledGrant, EXPIRES_AT, LAPSES_AT, lapsedGrant } from '../support/transition-fixture.ts';

describe('expire', () => {
  it('ends the grant EXPIRED at expiresAt, by the system, when its version is current', () => {
    const { grant, events } = appliedOf(expire(activeGrant(), { at: EXPIRES_AT, version: 1 }));
    expect(grant).toEqual({
      ...activeGrant(),
      status: 'ENDED',
      endTime: EXPIRES_AT,
      endReason: 'EXPIRED',
      endedBy: 'expiry',
      endNote: 'expired',
    });
    expect(events).toEqual([
      {
        id: '',
        type: 'IMPERSONATION_END',
        severity: 'HIGH',
        actor: { kind: 'system', id: 'expiry' },
        occurredAt: EXPIRES_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: { status: 'ACTIVE', expiresAt: EXPIRES_AT },
        after: { status: 'ENDED', endTime: EXPIRES_AT, endReason: 'EXPIRED' },
        ipAddress: null,
        userAgent: null,
        details: { endReason: 'EXPIRED', note: 'expired', durationMinutes: 30 },
      },
    ]);
  });

  it('expires without a version (the reconciler) and when the job fires late', () => {
    const late = plus(EXPIRES_AT, 3 * MINUTE);
    expect(appliedOf(expire(activeGrant(), { at: late })).grant.endReason).toBe('EXPIRED');
    expect(appliedOf(expire(activeGrant(), { at: late, version: 1 })).grant.status).toBe('ENDED');
  });

  it('changes nothing before expiresAt', () => {
    const active = activeGrant();
    const result = unchangedOf(expire(active, { at: plus(EXPIRES_AT, -1), version: 1 }));
    expect(result.grant).toBe(active);
    expect(result.note).toBe(`${SHORT_CODE} (acme) is not due until 2026-11-02T10:40:00.000Z`);
  });

  it('changes nothing for a job scheduled for a superseded version, even when due', () => {
    const active = activeGrant({ expiryVersion: 2 });
    const result = unchangedOf(expire(active, { at: plus(EXPIRES_AT, HOUR), version: 1 }));
    expect(result.grant).toBe(active);
    expect(result.note).toBe('expiry version 1 was superseded by 2');
  });

  it('changes nothing on a grant that is not ACTIVE (a job that fires twice)', () => {
    const ended = appliedOf(expire(activeGrant(), { at: EXPIRES_AT, version: 1 })).grant;
    const result = unchangedOf(expire(ended, { at: plus(EXPIRES_AT, MINUTE), version: 1 }));
    expect(result.grant).toBe(ended);
    expect(result.note).toBe(`${SHORT_CODE} (acme) is ENDED, nothing to expire.`);
    expect(unchangedOf(expire(pendingGrant(), { at: EXPIRES_AT })).note).toBe(
      `${SHORT_CODE} (acme) is PENDING, nothing to expire.`,
    );
  });
});

describe('lapse', () => {
  it('changes nothing before the pending time has run out', () => {
    const pending = pendingGrant();
    const result = unchangedOf(lapse(pending, { at: plus(LAPSES_AT, -1), policy }));
    expect(result.grant).toBe(pending);
    expect(result.note).toBe(`${SHORT_CODE} (acme) is not due to lapse yet`);
  });

  it('lapses a PENDING grant once due and records GRANT_LAPSED by the system', () => {
    const { grant, events } = appliedOf(lapse(pendingGrant(), { at: LAPSES_AT, policy }));
    expect(grant).toEqual({ ...pendingGrant(), status: 'LAPSED', decidedAt: LAPSES_AT });
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_LAPSED',
        severity: 'MEDIUM',
        actor: { kind: 'system', id: 'lapse' },
        occurredAt: LAPSES_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: { status: 'PENDING' },
        after: { status: 'LAPSED' },
        ipAddress: null,
        userAgent: null,
        details: { pendingTtlMs: 4 * HOUR },
      },
    ]);
  });

  it('lapses a grant that collected some but not all approvals', () => {
    const partly = appliedOf(
      approve(pendingGrant(), { approver: approverA, isApprover: true, at: APPROVED_AT, policy: twoApprovals }),
    ).grant;
    expect(appliedOf(lapse(partly, { at: LAPSES_AT, policy: twoApprovals })).grant.status).toBe('LAPSED');
  });

  it('changes nothing on a grant that is no longer PENDING', () => {
    for (const grant of [activeGrant(), lapsedGrant(), cancelledGrant()]) {
      const result = unchangedOf(lapse(grant, { at: plus(LAPSES_AT, HOUR), policy }));
      expect(result.grant).toBe(grant);
      expect(result.note).toBe(`${SHORT_CODE} (acme) is ${grant.status}, nothing to lapse.`);
    }
  });
});
