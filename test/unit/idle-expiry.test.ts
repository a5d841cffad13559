import { describe, expect, it } from 'vitest';
import { expireIdle, idleAtMs } from '../../src/domain/idle-expiry.ts';
import { sideEffectsOf } from '../../src/domain/side-effects.ts';
import { approve } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  type Applied,
  activeGrant,
  approverA,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  type Unchanged,
} from '../support/domain-fixture.ts';

const IDLE = 10 * MINUTE;

describe('expireIdle', () => {
  it('ends an ACTIVE session unused since its start EXPIRED, with details.idle, by the system', () => {
    const at = plus(APPROVED_AT, IDLE);
    const result = expireIdle(activeGrant(), { at, lastActivityAt: null, idleTimeoutMs: IDLE }) as Applied;
    expect(result.outcome).toBe('applied');
    expect(result.grant).toMatchObject({ status: 'ENDED', endReason: 'EXPIRED', endTime: at, endedBy: 'idle-expiry' });
    expect(result.grant.endNote).toBe('no use or action for 10m');
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'IMPERSONATION_END',
      severity: 'HIGH',
      actor: { kind: 'system', id: 'idle-expiry' },
      details: { endReason: 'EXPIRED', idle: true, durationMinutes: 10 },
    });
  });

  it('leaves a session used within the timeout, saying when it would fall idle', () => {
    const lastActivityAt = plus(APPROVED_AT, 4 * MINUTE);
    const at = plus(APPROVED_AT, IDLE);
    const result = expireIdle(activeGrant(), { at, lastActivityAt, idleTimeoutMs: IDLE }) as Unchanged;
    expect(result.outcome).toBe('unchanged');
    expect(idleAtMs(activeGrant(), lastActivityAt, IDLE)).toBe(plus(lastActivityAt, IDLE).getTime());
    expect(result.note).toContain(plus(lastActivityAt, IDLE).toISOString());
  });

  it('changes nothing on a session that is not ACTIVE, and expires normally one past expiresAt', () => {
    const pending = pendingGrant();
    expect(expireIdle(pending, { at: APPROVED_AT, lastActivityAt: null, idleTimeoutMs: IDLE }).outcome).toBe(
      'unchanged',
    );
    const grant = activeGrant();
    const late = expireIdle(grant, { at: grant.expiresAt!, lastActivityAt: null, idleTimeoutMs: IDLE }) as Applied;
    expect(late.events[0]?.details).toMatchObject({ endReason: 'EXPIRED' });
    expect(late.events[0]?.details).not.toHaveProperty('idle');
  });
});

describe('the idle job', () => {
  it('is scheduled once, when a session starts, only with SESSION_IDLE_TIMEOUT set', () => {
    const before = pendingGrant();
    const started = approve(before, { approver: approverA, isApprover: true, at: APPROVED_AT, policy }) as Applied;
    const withIdle = sideEffectsOf(before, started.grant, started.events, { ...policy, idleTimeoutMs: IDLE });
    expect(withIdle).toContainEqual({
      topic: 'schedule',
      key: `idle:${before.id}`,
      payload: { job: 'idle', grantId: before.id, runAt: plus(APPROVED_AT, IDLE).toISOString() },
    });
    const without = sideEffectsOf(before, started.grant, started.events, policy);
    expect(without.some((m) => m.key.startsWith('idle:'))).toBe(false);
    const extended = { ...started.grant, expiryVersion: 2 };
    const again = sideEffectsOf(started.grant, extended, [], { ...policy, idleTimeoutMs: IDLE });
    expect(again.some((m) => m.key.startsWith('idle:'))).toBe(false);
  });
});
