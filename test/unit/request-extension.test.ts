import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { requestExtension } from '../../src/domain/extension.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { end } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  approverA,
  bystander,
  GRANT_ID,
  HOUR,
  MINUTE,
  pendingGrant,
  plus,
  refusedOf,
  requester,
  SHORT_CODE,
} from '../support/domain-fixture.ts';
import { ASKED_AT, ask, EXPIRES_AT, EXTENSION_ID, withPendingExtension } from '../support/extension-fixture.ts';

describe('requestExtension', () => {
  it('puts the extension on the grant, waiting for approvers, and records GRANT_EXTENSION_REQUESTED', () => {
    const { grant, events } = appliedOf(requestExtension(activeGrant(), ask({ reason: '  Export   still failing ' })));
    expect(grant).toEqual({
      ...activeGrant(),
      pendingExtension: {
        id: EXTENSION_ID,
        durationMs: HOUR,
        reason: 'Export still failing',
        requestedBy: 'U_REQUESTER',
        requestedAt: ASKED_AT,
        approvals: [],
      },
    });
    expect(grant.expiresAt).toEqual(EXPIRES_AT);
    expect(grant.expiryVersion).toBe(1);
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_EXTENSION_REQUESTED',
        severity: 'MEDIUM',
        actor: requester,
        occurredAt: ASKED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: null,
        after: null,
        ipAddress: null,
        userAgent: null,
        details: { extensionId: EXTENSION_ID, durationMs: HOUR, reason: 'Export still failing' },
      },
    ]);
  });

  it('refuses anyone but the requester, approvers included', () => {
    for (const actor of [approverA, bystander]) {
      const result = refusedOf(requestExtension(activeGrant(), ask({ actor })));
      expect(result.error.code).toBe(ErrorCode.NotRequester);
      expect(result.error.message).toBe(`Only the requester can ask to extend ${SHORT_CODE}.`);
      expect(result.events).toEqual([]);
    }
  });

  it('refuses a grant that is not ACTIVE, saying its status', () => {
    const ended = appliedOf(end(activeGrant(), { actor: requester, at: ASKED_AT })).grant;
    const cases: [Grant, string][] = [
      [pendingGrant(), 'pending'],
      [ended, 'ended'],
    ];
    for (const [grant, status] of cases) {
      const result = refusedOf(requestExtension(grant, ask()));
      expect(result.error.code).toBe(ErrorCode.GrantNotActive);
      expect(result.error.message).toBe(
        `${SHORT_CODE} is ${status}, so it cannot be extended: request a new grant instead.`,
      );
      expect(result.events).toEqual([]);
    }
  });

  it('refuses while another extension is waiting, saying how long that one is', () => {
    const result = refusedOf(
      requestExtension(withPendingExtension(), ask({ extensionId: 'ext-2', durationMs: MINUTE })),
    );
    expect(result.error.code).toBe(ErrorCode.ExtensionPending);
    expect(result.error.message).toBe(`An extension of ${SHORT_CODE} by 1h is already waiting for approvers.`);
  });

  it('accepts a reason of exactly 10 and exactly 500 characters once whitespace is collapsed', () => {
    expect(
      appliedOf(requestExtension(activeGrant(), ask({ reason: ' 0123456789 ' }))).grant.pendingExtension?.reason,
    ).toBe('0123456789');
    expect(
      appliedOf(requestExtension(activeGrant(), ask({ reason: 'x'.repeat(500) }))).grant.pendingExtension?.reason,
    ).toHaveLength(500);
  });

  it('refuses a reason under 10 or over 500 characters, naming the field', () => {
    const cases: [string, number][] = [
      ['x'.repeat(9), 9],
      ['a    b    c    d', 7],
      ['x'.repeat(501), 501],
    ];
    for (const [reason, length] of cases) {
      const result = refusedOf(requestExtension(activeGrant(), ask({ reason })));
      expect(result.error.code).toBe(ErrorCode.InvalidReason);
      expect(result.error.details).toEqual({ field: 'reason' });
      expect(result.error.message).toBe(`The reason must be 10–500 characters (it is ${length}).`);
    }
  });

  it('allows an extension that ends exactly GRANT_MAX_DURATION after the start', () => {
    // Started 10:10, expires 10:40: 7h30m of the 8 hours remain.
    const { grant } = appliedOf(requestExtension(activeGrant(), ask({ durationMs: 7 * HOUR + 30 * MINUTE })));
    expect(grant.pendingExtension?.durationMs).toBe(7.5 * HOUR);
  });

  it('refuses one second past the limit, saying how much room is left', () => {
    const result = refusedOf(requestExtension(activeGrant(), ask({ durationMs: 7.5 * HOUR + 1000 })));
    expect(result.error.code).toBe(ErrorCode.ExtensionTooLong);
    expect(result.error.details).toEqual({ field: 'duration' });
    expect(result.error.message).toBe(
      `A grant may last at most 8h from its start: ${SHORT_CODE} can be extended by 7h30m at most.`,
    );
  });

  it('measures the limit from the start, not from the request', () => {
    // The same 30-minute grant started three hours later: the room is still 7h30m.
    const lateStart = plus(APPROVED_AT, 3 * HOUR);
    const grant = activeGrant({ startTime: lateStart, expiresAt: plus(lateStart, 30 * MINUTE) });
    expect(appliedOf(requestExtension(grant, ask({ durationMs: 7.5 * HOUR }))).outcome).toBe('applied');
    expect(refusedOf(requestExtension(grant, ask({ durationMs: 7.5 * HOUR + 1 }))).error.code).toBe(
      ErrorCode.ExtensionTooLong,
    );
  });

  it('says the grant already runs to the maximum when there is no room left', () => {
    const grant = activeGrant({ expiresAt: plus(APPROVED_AT, 8 * HOUR) });
    const result = refusedOf(requestExtension(grant, ask({ durationMs: MINUTE })));
    expect(result.error.code).toBe(ErrorCode.ExtensionTooLong);
    expect(result.error.message).toBe(
      `${SHORT_CODE} already runs to the maximum of 8h: request a new grant when it ends.`,
    );
  });

  it('refuses a zero or negative extension', () => {
    for (const durationMs of [0, -MINUTE]) {
      const result = refusedOf(requestExtension(activeGrant(), ask({ durationMs })));
      expect(result.error.code).toBe(ErrorCode.ExtensionTooLong);
      expect(result.error.details).toEqual({ field: 'duration' });
    }
  });
});
