import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import type { Actor, Grant } from '../../src/domain/grant.ts';
import { approve } from '../../src/domain/transitions.ts';
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
import {
  accessRefusedEvent,
  cancelledGrant,
  deniedGrant,
  EXPIRES_AT,
  endedGrant,
  LAPSES_AT,
  lapsedGrant,
} from '../support/transition-fixture.ts';

describe('approve', () => {
  describe('with one approval required', () => {
    it('activates the grant: the clock starts at approval, not at request', () => {
      const result = appliedOf(
        approve(pendingGrant(), { approver: approverA, isApprover: true, at: APPROVED_AT, policy }),
      );
      expect(result.grant).toEqual({
        ...pendingGrant(),
        status: 'ACTIVE',
        approvals: [{ approverId: 'U_APPROVER_A', approverEmail: 'a@grantdesk.test', approvedAt: APPROVED_AT }],
        decidedAt: APPROVED_AT,
        decidedBy: 'U_APPROVER_A',
        startTime: APPROVED_AT,
        expiresAt: new Date('2026-11-02T10:40:00Z'),
        expiryVersion: 1,
      });
    });

    it('records GRANT_APPROVAL_ADDED (MEDIUM) then IMPERSONATION_START (HIGH)', () => {
      const { events } = appliedOf(
        approve(pendingGrant(), { approver: approverA, isApprover: true, at: APPROVED_AT, policy }),
      );
      expect(events.map((e) => [e.type, e.severity])).toEqual([
        ['GRANT_APPROVAL_ADDED', 'MEDIUM'],
        ['IMPERSONATION_START', 'HIGH'],
      ]);
      expect(events[0]).toMatchObject({
        actor: approverA,
        occurredAt: APPROVED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        details: { approvals: 1, required: 1 },
      });
      expect(events[1]).toMatchObject({
        actor: approverA,
        occurredAt: APPROVED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: { status: 'PENDING' },
        after: { status: 'ACTIVE', startTime: APPROVED_AT, expiresAt: EXPIRES_AT },
        details: {
          adminUser: 'requester@grantdesk.test',
          targetUser: 'jane@acme.test',
          approvers: ['U_APPROVER_A'],
          durationMs: 30 * MINUTE,
        },
      });
    });

    it('names the requester by id as admin user when there is no email, and keeps a null approver email', () => {
      const { grant, events } = appliedOf(
        approve(pendingGrant({ requesterEmail: null }), {
          approver: approverB,
          isApprover: true,
          at: APPROVED_AT,
          policy,
        }),
      );
      expect(grant.approvals).toEqual([{ approverId: 'U_APPROVER_B', approverEmail: null, approvedAt: APPROVED_AT }]);
      expect(events[1]?.details.adminUser).toBe('U_REQUESTER');
    });

    it('treats an approver without an email field as having a null email', () => {
      const noEmail: Actor = { kind: 'staff', id: 'U_APPROVER_C' };
      const { grant } = appliedOf(
        approve(pendingGrant(), { approver: noEmail, isApprover: true, at: APPROVED_AT, policy }),
      );
      expect(grant.approvals[0]?.approverEmail).toBeNull();
    });

    it('bumps whatever expiry version the grant had', () => {
      const { grant } = appliedOf(
        approve(pendingGrant({ expiryVersion: 4 }), { approver: approverA, isApprover: true, at: APPROVED_AT, policy }),
      );
      expect(grant.expiryVersion).toBe(5);
    });
  });

  describe('with two approvals required', () => {
    const first = () =>
      appliedOf(
        approve(pendingGrant(), { approver: approverA, isApprover: true, at: APPROVED_AT, policy: twoApprovals }),
      );

    it('keeps the grant PENDING after the first approval, recording only GRANT_APPROVAL_ADDED', () => {
      const { grant, events } = first();
      expect(grant).toEqual({
        ...pendingGrant(),
        approvals: [{ approverId: 'U_APPROVER_A', approverEmail: 'a@grantdesk.test', approvedAt: APPROVED_AT }],
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'GRANT_APPROVAL_ADDED',
        severity: 'MEDIUM',
        details: { approvals: 1, required: 2 },
      });
    });

    it('changes nothing when the same approver approves again, and says how many are still needed', () => {
      const once = first().grant;
      const again = unchangedOf(
        approve(once, { approver: approverA, isApprover: true, at: plus(APPROVED_AT, MINUTE), policy: twoApprovals }),
      );
      expect(again.grant).toBe(once);
      expect(again.note).toBe(`You already approved ${SHORT_CODE} (acme); it needs 1 more.`);
    });

    it('activates on the second distinct approver, the clock starting at the second approval', () => {
      const secondAt = plus(APPROVED_AT, 20 * MINUTE);
      const { grant, events } = appliedOf(
        approve(first().grant, { approver: approverB, isApprover: true, at: secondAt, policy: twoApprovals }),
      );
      expect(grant.status).toBe('ACTIVE');
      expect(grant.approvals.map((a) => [a.approverId, a.approvedAt])).toEqual([
        ['U_APPROVER_A', APPROVED_AT],
        ['U_APPROVER_B', secondAt],
      ]);
      expect(grant.startTime).toEqual(secondAt);
      expect(grant.expiresAt).toEqual(plus(secondAt, 30 * MINUTE));
      expect(grant.decidedBy).toBe('U_APPROVER_B');
      expect(grant.decidedAt).toEqual(secondAt);
      expect(grant.expiryVersion).toBe(1);
      expect(events.map((e) => e.type)).toEqual(['GRANT_APPROVAL_ADDED', 'IMPERSONATION_START']);
      expect(events[0]?.details).toEqual({ approvals: 2, required: 2 });
      expect(events[1]?.details.approvers).toEqual(['U_APPROVER_A', 'U_APPROVER_B']);
    });
  });

  it('refuses self-approval and records ACCESS_REFUSED, even from an approver', () => {
    const result = refusedOf(
      approve(pendingGrant(), { approver: requester, isApprover: true, at: APPROVED_AT, policy }),
    );
    expect(result.error.code).toBe(ErrorCode.SelfApproval);
    expect(result.error.message).toBe(
      `You cannot approve your own request ${SHORT_CODE} (acme): another approver must decide it.`,
    );
    expect(result.events).toEqual([
      accessRefusedEvent(requester, APPROVED_AT, 'approve', 'self_approval', result.error.message, 'PENDING'),
    ]);
  });

  it('refuses a non-approver and records ACCESS_REFUSED', () => {
    const result = refusedOf(
      approve(pendingGrant(), { approver: bystander, isApprover: false, at: APPROVED_AT, policy }),
    );
    expect(result.error.code).toBe(ErrorCode.NotApprover);
    expect(result.error.message).toBe(
      `Only approvers can approve ${SHORT_CODE} (acme). Ask someone in the approver group.`,
    );
    expect(result.events).toEqual([
      accessRefusedEvent(bystander, APPROVED_AT, 'approve', 'not_approver', result.error.message, 'PENDING'),
    ]);
  });

  it('still approves one millisecond before the request lapses', () => {
    const at = plus(LAPSES_AT, -1);
    const { grant } = appliedOf(approve(pendingGrant(), { approver: approverA, isApprover: true, at, policy }));
    expect(grant.status).toBe('ACTIVE');
    expect(grant.startTime).toEqual(at);
  });

  it('refuses once the pending time has run out, even before the lapse job ran', () => {
    for (const at of [LAPSES_AT, plus(LAPSES_AT, HOUR)]) {
      const result = refusedOf(approve(pendingGrant(), { approver: approverA, isApprover: true, at, policy }));
      expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
      expect(result.error.message).toBe(`${SHORT_CODE} (acme) lapsed before anyone decided: ask for it again.`);
      expect(result.events).toEqual([]);
    }
  });

  it('changes nothing when the approver who activated it clicks again', () => {
    const active = activeGrant();
    const result = unchangedOf(
      approve(active, { approver: approverA, isApprover: true, at: plus(APPROVED_AT, MINUTE), policy }),
    );
    expect(result.grant).toBe(active);
    expect(result.note).toBe(`You already approved ${SHORT_CODE} (acme).`);
  });

  it('refuses another approver on an ACTIVE grant: already decided, nothing recorded', () => {
    const result = refusedOf(
      approve(activeGrant(), { approver: approverB, isApprover: true, at: APPROVED_AT, policy }),
    );
    expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
    expect(result.error.message).toBe(`${SHORT_CODE} (acme) was already approved and is active.`);
    expect(result.error.details).toEqual({ status: 'ACTIVE' });
    expect(result.events).toEqual([]);
  });

  it('refuses on a DENIED grant, naming who denied it', () => {
    const result = refusedOf(
      approve(deniedGrant(), { approver: approverB, isApprover: true, at: APPROVED_AT, policy }),
    );
    expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
    expect(result.error.message).toBe(`${SHORT_CODE} (acme) was already denied by U_APPROVER_A.`);
    expect(result.events).toEqual([]);
  });

  it('refuses on CANCELLED, LAPSED and ENDED grants with a message for each', () => {
    const cases: [Grant, string][] = [
      [cancelledGrant(), 'was cancelled by the requester'],
      [lapsedGrant(), 'lapsed before anyone decided'],
      [endedGrant(), 'has already ended (NORMAL)'],
    ];
    for (const [grant, how] of cases) {
      const result = refusedOf(approve(grant, { approver: approverB, isApprover: true, at: APPROVED_AT, policy }));
      expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
      expect(result.error.message).toBe(`${SHORT_CODE} (acme) ${how}.`);
      expect(result.error.details).toEqual({ status: grant.status });
    }
  });
});
