import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { cancel, deny } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  approverA,
  approverB,
  bystander,
  consoleClient,
  GRANT_ID,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  REQUESTED_AT,
  refusedOf,
  requester,
  SHORT_CODE,
  unchangedOf,
} from '../support/domain-fixture.ts';
import {
  accessRefusedEvent,
  cancelledGrant,
  deniedGrant,
  endedGrant,
  lapsedGrant,
} from '../support/transition-fixture.ts';

describe('deny', () => {
  const decision = { approver: approverA, isApprover: true, at: APPROVED_AT, policy, reason: '  No ticket link  ' };

  it('denies a PENDING grant with the trimmed reason and records GRANT_DENIED', () => {
    const { grant, events } = appliedOf(deny(pendingGrant(), decision));
    expect(grant).toEqual({
      ...pendingGrant(),
      status: 'DENIED',
      decidedAt: APPROVED_AT,
      decidedBy: 'U_APPROVER_A',
      denyReason: 'No ticket link',
    });
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_DENIED',
        severity: 'MEDIUM',
        actor: approverA,
        occurredAt: APPROVED_AT,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: { status: 'PENDING' },
        after: { status: 'DENIED' },
        ipAddress: null,
        userAgent: null,
        details: { reason: 'No ticket link' },
      },
    ]);
  });

  it('requires a reason', () => {
    for (const reason of ['', '   ']) {
      const result = refusedOf(deny(pendingGrant(), { ...decision, reason }));
      expect(result.error.code).toBe(ErrorCode.InvalidReason);
      expect(result.error.details).toEqual({ field: 'reason' });
      expect(result.events).toEqual([]);
    }
  });

  it('refuses the requester denying their own request and points to cancel', () => {
    const result = refusedOf(deny(pendingGrant(), { ...decision, approver: requester }));
    expect(result.error.code).toBe(ErrorCode.SelfApproval);
    expect(result.error.message).toBe(`To withdraw your own request, use /grant cancel ${SHORT_CODE}.`);
    expect(result.events).toEqual([]);
  });

  it('refuses a non-approver and records ACCESS_REFUSED', () => {
    const result = refusedOf(deny(pendingGrant(), { ...decision, approver: bystander, isApprover: false }));
    expect(result.error.code).toBe(ErrorCode.NotApprover);
    expect(result.events).toEqual([
      accessRefusedEvent(
        bystander,
        APPROVED_AT,
        'deny',
        'not_approver',
        `Only approvers can deny ${SHORT_CODE} (acme).`,
        'PENDING',
      ),
    ]);
  });

  it('checks who is asking before the reason', () => {
    const result = refusedOf(deny(pendingGrant(), { ...decision, approver: bystander, isApprover: false, reason: '' }));
    expect(result.error.code).toBe(ErrorCode.NotApprover);
  });

  it('changes nothing when the same approver denies again', () => {
    const denied = deniedGrant();
    const result = unchangedOf(deny(denied, { ...decision, at: plus(APPROVED_AT, MINUTE) }));
    expect(result.grant).toBe(denied);
    expect(result.note).toBe(`You already denied ${SHORT_CODE} (acme).`);
  });

  it('refuses another approver on a DENIED grant as already decided', () => {
    const result = refusedOf(deny(deniedGrant(), { ...decision, approver: approverB }));
    expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
    expect(result.error.message).toBe(`${SHORT_CODE} (acme) was already denied by U_APPROVER_A.`);
  });

  it('refuses on an ACTIVE grant as already decided', () => {
    const result = refusedOf(deny(activeGrant(), decision));
    expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
    expect(result.error.message).toBe(`${SHORT_CODE} (acme) was already approved and is active.`);
    expect(result.events).toEqual([]);
  });
});

describe('cancel', () => {
  it('lets the requester withdraw a PENDING grant and records GRANT_CANCELLED', () => {
    const at = plus(REQUESTED_AT, 5 * MINUTE);
    const { grant, events } = appliedOf(cancel(pendingGrant(), { actor: requester, at, policy }));
    expect(grant).toEqual({ ...pendingGrant(), status: 'CANCELLED', decidedAt: at, decidedBy: 'U_REQUESTER' });
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_CANCELLED',
        severity: 'MEDIUM',
        actor: requester,
        occurredAt: at,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: { status: 'PENDING' },
        after: { status: 'CANCELLED' },
        ipAddress: null,
        userAgent: null,
        details: {},
      },
    ]);
  });

  it('refuses anyone but the requester, approvers included', () => {
    for (const actor of [approverA, bystander, consoleClient]) {
      const result = refusedOf(cancel(pendingGrant(), { actor, at: APPROVED_AT, policy }));
      expect(result.error.code).toBe(ErrorCode.NotRequester);
      expect(result.error.message).toBe(
        `Only the requester can cancel ${SHORT_CODE} (acme); approvers can deny it instead.`,
      );
      expect(result.events).toEqual([]);
    }
  });

  it('changes nothing when cancelled twice', () => {
    const cancelled = cancelledGrant();
    const result = unchangedOf(cancel(cancelled, { actor: requester, at: plus(APPROVED_AT, MINUTE), policy }));
    expect(result.grant).toBe(cancelled);
    expect(result.note).toBe(`${SHORT_CODE} (acme) is already cancelled.`);
  });

  it('refuses an ACTIVE grant and points to end', () => {
    const result = refusedOf(cancel(activeGrant(), { actor: requester, at: APPROVED_AT, policy }));
    expect(result.error.code).toBe(ErrorCode.InvalidTransition);
    expect(result.error.message).toBe(`${SHORT_CODE} (acme) is already active: end it with /grant end ${SHORT_CODE}.`);
  });

  it('refuses DENIED, LAPSED and ENDED grants as already decided', () => {
    for (const grant of [deniedGrant(), lapsedGrant(), endedGrant()]) {
      const result = refusedOf(cancel(grant, { actor: requester, at: APPROVED_AT, policy }));
      expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
      expect(result.error.details).toEqual({ status: grant.status });
    }
  });
});
