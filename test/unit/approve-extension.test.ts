import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { approveExtension } from '../../src/domain/extension.ts';
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
  plus,
  policy,
  refusedOf,
  requester,
  SHORT_CODE,
  twoApprovals,
  unchangedOf,
} from '../support/domain-fixture.ts';
import { DECIDED_AT, EXPIRES_AT, EXTENSION_ID, withPendingExtension } from '../support/extension-fixture.ts';

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
