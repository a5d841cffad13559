import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { approveExtension, denyExtension, type ExtensionAsk, requestExtension } from '../../src/domain/extension.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { end } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  approverA,
  approverB,
  bystander,
  GRANT_ID,
  HOUR,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  refusedOf,
  requester,
  SHORT_CODE,
  twoApprovals,
  unchangedOf,
} from '../support/domain-fixture.ts';

const EXPIRES_AT = plus(APPROVED_AT, 30 * MINUTE);
const ASKED_AT = plus(APPROVED_AT, 20 * MINUTE);
const EXTENSION_ID = 'ext-1';

const ask = (overrides: Partial<ExtensionAsk> = {}): ExtensionAsk => ({
  extensionId: EXTENSION_ID,
  actor: requester,
  durationMs: HOUR,
  reason: 'Export still failing after the fix',
  at: ASKED_AT,
  maxDurationMs: policy.maxDurationMs,
  ...overrides,
});

/** The active fixture grant with a one-hour extension waiting for approvers. */
const withPendingExtension = (grant: Grant = activeGrant()): Grant => appliedOf(requestExtension(grant, ask())).grant;

const DECIDED_AT = plus(APPROVED_AT, 25 * MINUTE);

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

describe('approveExtension', () => {
  const decision = { approver: approverA, isApprover: true, at: DECIDED_AT, policy };

  it('moves expiresAt by the extension, bumps the expiry version and records GRANT_EXTENDED', () => {
    const { grant, events } = appliedOf(approveExtension(withPendingExtension(), decision));
    const newExpiry = new Date('2026-11-02T11:40:00Z');
    expect(grant).toEqual({ ...activeGrant(), expiresAt: newExpiry, expiryVersion: 2, pendingExtension: null });
    expect(grant.startTime).toEqual(APPROVED_AT);
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_EXTENDED',
        severity: 'MEDIUM',
        actor: approverA,
        occurredAt: DECIDED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: { expiresAt: EXPIRES_AT },
        after: { expiresAt: newExpiry },
        ipAddress: null,
        userAgent: null,
        details: {
          extensionId: EXTENSION_ID,
          durationMs: HOUR,
          reason: 'Export still failing after the fix',
          approvers: ['U_APPROVER_A'],
        },
      },
    ]);
  });

  it('accepts the decision when it names the pending extension', () => {
    const { grant } = appliedOf(approveExtension(withPendingExtension(), { ...decision, extensionId: EXTENSION_ID }));
    expect(grant.expiryVersion).toBe(2);
  });

  it('changes nothing when no extension is waiting or the click is for another one', () => {
    const active = activeGrant();
    const none = unchangedOf(approveExtension(active, decision));
    expect(none.grant).toBe(active);
    expect(none.note).toBe(`There is no extension of ${SHORT_CODE} waiting for a decision.`);
    const pending = withPendingExtension();
    expect(unchangedOf(approveExtension(pending, { ...decision, extensionId: 'ext-old' })).grant).toBe(pending);
  });

  it('refuses the requester approving their own extension and records ACCESS_REFUSED', () => {
    const result = refusedOf(approveExtension(withPendingExtension(), { ...decision, approver: requester }));
    expect(result.error.code).toBe(ErrorCode.SelfApproval);
    expect(result.error.message).toBe(`You cannot approve the extension of your own grant ${SHORT_CODE}.`);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'ACCESS_REFUSED',
      severity: 'HIGH',
      actor: requester,
      occurredAt: DECIDED_AT,
      grantId: GRANT_ID,
      details: {
        attempted: 'approve-extension',
        code: 'self_approval',
        reason: result.error.message,
        status: 'ACTIVE',
      },
    });
  });

  it('refuses a non-approver and records ACCESS_REFUSED', () => {
    const result = refusedOf(
      approveExtension(withPendingExtension(), { ...decision, approver: bystander, isApprover: false }),
    );
    expect(result.error.code).toBe(ErrorCode.NotApprover);
    expect(result.error.message).toBe(`Only approvers can extend ${SHORT_CODE}.`);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'ACCESS_REFUSED',
      severity: 'HIGH',
      actor: bystander,
      details: { attempted: 'approve-extension', code: 'not_approver', status: 'ACTIVE' },
    });
  });

  it('refuses once the grant has reached its expiry, even before the expiry job ran', () => {
    const result = refusedOf(approveExtension(withPendingExtension(), { ...decision, at: EXPIRES_AT }));
    expect(result.error.code).toBe(ErrorCode.GrantNotActive);
    expect(result.events).toEqual([]);
    expect(appliedOf(approveExtension(withPendingExtension(), { ...decision, at: plus(EXPIRES_AT, -1) })).outcome).toBe(
      'applied',
    );
  });

  it('drops a waiting extension when the grant ends, so a late click finds nothing to approve', () => {
    const ended = appliedOf(end(withPendingExtension(), { actor: requester, at: DECIDED_AT })).grant;
    expect(ended.pendingExtension).toBeNull();
    const result = unchangedOf(approveExtension(ended, decision));
    expect(result.note).toBe(`There is no extension of ${SHORT_CODE} waiting for a decision.`);
  });

  it('says the grant has expired when approving after expiresAt, before the expiry job ran', () => {
    const result = refusedOf(approveExtension(withPendingExtension(), { ...decision, at: EXPIRES_AT }));
    expect(result.error.message).toBe(
      `${SHORT_CODE} has expired, so it cannot be extended: request a new grant instead.`,
    );
  });

  describe('with two approvals required', () => {
    const twoDecision = { ...decision, policy: twoApprovals };
    const firstApproval = () => appliedOf(approveExtension(withPendingExtension(), twoDecision));

    it('records the first approval on the extension without moving expiresAt', () => {
      const { grant, events } = firstApproval();
      expect(grant.expiresAt).toEqual(EXPIRES_AT);
      expect(grant.expiryVersion).toBe(1);
      expect(grant.pendingExtension?.approvals).toEqual([
        { approverId: 'U_APPROVER_A', approverEmail: 'a@grantdesk.test', approvedAt: DECIDED_AT },
      ]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'GRANT_APPROVAL_ADDED',
        severity: 'MEDIUM',
        actor: approverA,
        details: { extensionId: EXTENSION_ID, approvals: 1, required: 2 },
      });
    });

    it('changes nothing when the same approver approves again', () => {
      const once = firstApproval().grant;
      const result = unchangedOf(approveExtension(once, { ...twoDecision, at: plus(DECIDED_AT, MINUTE) }));
      expect(result.grant).toBe(once);
      expect(result.note).toBe(`You already approved the extension of ${SHORT_CODE}.`);
    });

    it('extends on the second distinct approver', () => {
      const secondAt = plus(DECIDED_AT, MINUTE);
      const { grant, events } = appliedOf(
        approveExtension(firstApproval().grant, { ...twoDecision, approver: approverB, at: secondAt }),
      );
      expect(grant.expiresAt).toEqual(plus(EXPIRES_AT, HOUR));
      expect(grant.expiryVersion).toBe(2);
      expect(grant.pendingExtension).toBeNull();
      expect(events.map((e) => e.type)).toEqual(['GRANT_EXTENDED']);
      expect(events[0]?.details.approvers).toEqual(['U_APPROVER_A', 'U_APPROVER_B']);
      expect(events[0]?.occurredAt).toEqual(secondAt);
    });
  });
});

describe('denyExtension', () => {
  const decision = { approver: approverB, isApprover: true, at: DECIDED_AT, policy, reason: '  Use a new grant  ' };

  it('drops the waiting extension, leaving the expiry alone, and records GRANT_EXTENSION_DENIED', () => {
    const { grant, events } = appliedOf(denyExtension(withPendingExtension(), decision));
    expect(grant).toEqual(activeGrant());
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_EXTENSION_DENIED',
        severity: 'MEDIUM',
        actor: approverB,
        occurredAt: DECIDED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: null,
        after: null,
        ipAddress: null,
        userAgent: null,
        details: { extensionId: EXTENSION_ID, durationMs: HOUR, reason: 'Use a new grant' },
      },
    ]);
  });

  it('requires a reason', () => {
    const result = refusedOf(denyExtension(withPendingExtension(), { ...decision, reason: '   ' }));
    expect(result.error.code).toBe(ErrorCode.InvalidReason);
    expect(result.error.details).toEqual({ field: 'reason' });
    expect(result.events).toEqual([]);
  });

  it('refuses a non-approver and the requester, recording ACCESS_REFUSED', () => {
    const cases = [
      { approver: bystander, isApprover: false },
      { approver: requester, isApprover: true },
    ];
    for (const who of cases) {
      const result = refusedOf(denyExtension(withPendingExtension(), { ...decision, ...who }));
      expect(result.error.code).toBe(ErrorCode.NotApprover);
      expect(result.error.message).toBe(`Only approvers can deny the extension of ${SHORT_CODE}.`);
      expect(result.events).toHaveLength(1);
      expect(result.events[0]).toMatchObject({
        type: 'ACCESS_REFUSED',
        severity: 'HIGH',
        actor: who.approver,
        details: { attempted: 'deny-extension', code: 'not_approver', status: 'ACTIVE' },
      });
    }
  });

  it('changes nothing when no extension is waiting: denied twice, or a click for another one', () => {
    const denied = appliedOf(denyExtension(withPendingExtension(), decision)).grant;
    const again = unchangedOf(denyExtension(denied, decision));
    expect(again.grant).toBe(denied);
    expect(again.note).toBe(`There is no extension of ${SHORT_CODE} waiting for a decision.`);
    const pending = withPendingExtension();
    expect(unchangedOf(denyExtension(pending, { ...decision, extensionId: 'ext-old' })).grant).toBe(pending);
  });

  it('lets the requester ask again once the extension was denied', () => {
    const denied = appliedOf(denyExtension(withPendingExtension(), decision)).grant;
    const { grant } = appliedOf(requestExtension(denied, ask({ extensionId: 'ext-2', durationMs: 15 * MINUTE })));
    expect(grant.pendingExtension?.id).toBe('ext-2');
  });
});
