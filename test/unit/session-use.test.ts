import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { recordAction, recordUse } from '../../src/domain/session-use.ts';
import { end } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  consoleClient,
  GRANT_ID,
  MINUTE,
  pendingGrant,
  plus,
  refusedOf,
  requester,
  SHORT_CODE,
} from '../support/domain-fixture.ts';

const EXPIRES_AT = plus(APPROVED_AT, 30 * MINUTE);
const USED_AT = plus(APPROVED_AT, 2 * MINUTE);
const IP = '203.0.113.7';
const UA = 'Mozilla/5.0 (Console)';

const use = (at: Date = USED_AT, ipAddress: string | null = IP, userAgent: string | null = UA) => ({
  actor: consoleClient,
  at,
  ipAddress,
  userAgent,
});

const endedGrant = (): Grant => appliedOf(end(activeGrant(), { actor: requester, at: USED_AT })).grant;

describe('recordUse', () => {
  it('records GRANT_USED (LOW) on a live grant and fixes the IP and user agent on the first use', () => {
    const { grant, events } = appliedOf(recordUse(activeGrant(), use()));
    expect(grant).toEqual({ ...activeGrant(), ipAddress: IP, userAgent: UA });
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_USED',
        severity: 'LOW',
        actor: consoleClient,
        occurredAt: USED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: null,
        after: null,
        ipAddress: IP,
        userAgent: UA,
        details: { firstUse: true },
      },
    ]);
  });

  it('keeps the first IP and user agent on later uses, recording the later ones on the event only', () => {
    const first = appliedOf(recordUse(activeGrant(), use())).grant;
    const laterAt = plus(USED_AT, MINUTE);
    const { grant, events } = appliedOf(recordUse(first, use(laterAt, '198.51.100.9', 'curl/8.5')));
    expect(grant).toBe(first);
    expect(grant.ipAddress).toBe(IP);
    expect(grant.userAgent).toBe(UA);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'GRANT_USED',
      occurredAt: laterAt,
      ipAddress: '198.51.100.9',
      userAgent: 'curl/8.5',
      details: { firstUse: false },
    });
  });

  it('treats a grant with only a user agent recorded as already used', () => {
    const grant = activeGrant({ userAgent: UA });
    const result = appliedOf(recordUse(grant, use(USED_AT, '198.51.100.9', 'other')));
    expect(result.grant.ipAddress).toBeNull();
    expect(result.grant.userAgent).toBe(UA);
    expect(result.events[0]?.details).toEqual({ firstUse: false });
  });

  it('is live until one millisecond before expiresAt', () => {
    expect(appliedOf(recordUse(activeGrant(), use(plus(EXPIRES_AT, -1)))).events[0]?.type).toBe('GRANT_USED');
  });

  it('refuses a use at or after expiresAt with ACCESS_REFUSED (HIGH) carrying the IP and user agent', () => {
    for (const at of [EXPIRES_AT, plus(EXPIRES_AT, MINUTE)]) {
      const active = activeGrant();
      const result = refusedOf(recordUse(active, use(at)));
      expect(result.error.code).toBe(ErrorCode.GrantNotActive);
      expect(result.error.message).toBe(
        `Session ${SHORT_CODE} expired at 2026-11-02T10:40:00.000Z: it cannot be used.`,
      );
      expect(result.error.details).toEqual({ status: 'ACTIVE', at: at.toISOString() });
      expect(result.events).toEqual([
        {
          id: '',
          type: 'ACCESS_REFUSED',
          severity: 'HIGH',
          actor: consoleClient,
          occurredAt: at,
          tenant: 'acme',
          grantId: GRANT_ID,
          before: null,
          after: null,
          ipAddress: IP,
          userAgent: UA,
          details: { attempted: 'use', code: 'grant_not_active', reason: result.error.message, status: 'ACTIVE' },
        },
      ]);
      expect(active.ipAddress).toBeNull();
    }
  });

  it('refuses a use of a grant that is not ACTIVE, saying its status', () => {
    const cases: [Grant, string][] = [
      [pendingGrant(), 'pending'],
      [endedGrant(), 'ended'],
    ];
    for (const [grant, status] of cases) {
      const result = refusedOf(recordUse(grant, use()));
      expect(result.error.code).toBe(ErrorCode.GrantNotActive);
      expect(result.error.message).toBe(`Session ${SHORT_CODE} is ${status}: it cannot be used.`);
      expect(result.events).toHaveLength(1);
      expect(result.events[0]).toMatchObject({
        type: 'ACCESS_REFUSED',
        severity: 'HIGH',
        ipAddress: IP,
        userAgent: UA,
        details: { attempted: 'use', status: grant.status },
      });
    }
  });
});

describe('recordAction', () => {
  const action = (text: string, at: Date = USED_AT) => ({ actor: consoleClient, at, action: text });
  const used = () => activeGrant({ ipAddress: IP, userAgent: UA });

  it('records IMPERSONATION_ACTION (HIGH) with the trimmed text and the session’s IP and user agent', () => {
    const grant = used();
    const result = appliedOf(recordAction(grant, action('  Reissued invoice INV-42  ')));
    expect(result.grant).toBe(grant);
    expect(result.events).toEqual([
      {
        id: '',
        type: 'IMPERSONATION_ACTION',
        severity: 'HIGH',
        actor: consoleClient,
        occurredAt: USED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: null,
        after: null,
        ipAddress: IP,
        userAgent: UA,
        details: { action: 'Reissued invoice INV-42' },
      },
    ]);
  });

  it('accepts exactly 200 characters', () => {
    const text = 'a'.repeat(200);
    expect(appliedOf(recordAction(used(), action(text))).events[0]?.details).toEqual({ action: text });
  });

  it('refuses 201 characters, saying how long it is', () => {
    const result = refusedOf(recordAction(used(), action('a'.repeat(201))));
    expect(result.error.code).toBe(ErrorCode.ActionTooLong);
    expect(result.error.details).toEqual({ field: 'action' });
    expect(result.error.message).toBe('action must be 1–200 characters (it is 201): summarise what was done.');
    expect(result.events).toEqual([]);
  });

  it('measures the length after trimming', () => {
    expect(appliedOf(recordAction(used(), action(`  ${'a'.repeat(200)}  `))).outcome).toBe('applied');
  });

  it('refuses an empty or blank action', () => {
    for (const text of ['', '   ']) {
      const result = refusedOf(recordAction(used(), action(text)));
      expect(result.error.code).toBe(ErrorCode.ActionTooLong);
      expect(result.error.message).toContain('(it is 0)');
      expect(result.events).toEqual([]);
    }
  });

  it('refuses an action on a session that is not live, recording ACCESS_REFUSED', () => {
    const cases: [Grant, Date][] = [
      [used(), EXPIRES_AT],
      [endedGrant(), USED_AT],
      [pendingGrant(), USED_AT],
    ];
    for (const [grant, at] of cases) {
      const result = refusedOf(recordAction(grant, action('Reissued invoice INV-42', at)));
      expect(result.error.code).toBe(ErrorCode.GrantNotActive);
      expect(result.events).toHaveLength(1);
      expect(result.events[0]).toMatchObject({
        type: 'ACCESS_REFUSED',
        severity: 'HIGH',
        actor: consoleClient,
        occurredAt: at,
        grantId: GRANT_ID,
        details: { attempted: 'action', code: 'grant_not_active', status: grant.status },
      });
    }
  });
});
