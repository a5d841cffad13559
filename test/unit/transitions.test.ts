import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import type { Actor, Grant } from '../../src/domain/grant.ts';
import { approve, cancel, deny, end, expire, forceEnd, lapse, revoke } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  approverA,
  approverB,
  bystander,
  consoleClient,
  GRANT_ID,
  HOUR,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  REQUESTED_AT,
  refusedOf,
  requester,
  SHORT_CODE,
  system,
  twoApprovals,
  unchangedOf,
} from '../support/domain-fixture.ts';

const EXPIRES_AT = plus(APPROVED_AT, 30 * MINUTE);
const LAPSES_AT = plus(REQUESTED_AT, 4 * HOUR);

/** The ACCESS_REFUSED draft every refused attempt by a person is expected to carry. */
function accessRefusedEvent(actor: Actor, at: Date, attempted: string, code: string, reason: string, status: string) {
  return {
    id: '',
    type: 'ACCESS_REFUSED',
    severity: 'HIGH',
    actor,
    occurredAt: at,
    tenant: 'acme',
    grantId: GRANT_ID,
    before: null,
    after: null,
    ipAddress: null,
    userAgent: null,
    details: { attempted, code, reason, status },
  };
}

const deniedGrant = (): Grant =>
  appliedOf(
    deny(pendingGrant(), { approver: approverA, isApprover: true, at: APPROVED_AT, policy, reason: 'No ticket link' }),
  ).grant;

const endedGrant = (): Grant =>
  appliedOf(end(activeGrant(), { actor: requester, at: plus(APPROVED_AT, MINUTE) })).grant;

const cancelledGrant = (): Grant =>
  appliedOf(cancel(pendingGrant(), { actor: requester, at: APPROVED_AT, policy })).grant;

const lapsedGrant = (): Grant => appliedOf(lapse(pendingGrant(), { at: LAPSES_AT, policy })).grant;

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

describe('end', () => {
  const at = plus(APPROVED_AT, 12 * MINUTE);

  it('ends an ACTIVE grant NORMAL at the moment asked and records IMPERSONATION_END (HIGH)', () => {
    const { grant, events } = appliedOf(end(activeGrant(), { actor: requester, at }));
    expect(grant).toEqual({
      ...activeGrant(),
      status: 'ENDED',
      endTime: at,
      endReason: 'NORMAL',
      endedBy: 'U_REQUESTER',
      endNote: 'ended by requester',
    });
    expect(events).toEqual([
      {
        id: '',
        type: 'IMPERSONATION_END',
        severity: 'HIGH',
        actor: requester,
        occurredAt: at,
        tenant: 'acme',
        grantId: GRANT_ID,
        before: { status: 'ACTIVE', expiresAt: EXPIRES_AT },
        after: { status: 'ENDED', endTime: at, endReason: 'NORMAL' },
        ipAddress: null,
        userAgent: null,
        details: { endReason: 'NORMAL', note: 'ended by requester', durationMinutes: 12 },
      },
    ]);
  });

  it('rounds the duration to whole minutes', () => {
    const { events } = appliedOf(end(activeGrant(), { actor: requester, at: plus(APPROVED_AT, 90_000) }));
    expect(events[0]?.details.durationMinutes).toBe(2);
    const { events: shorter } = appliedOf(end(activeGrant(), { actor: requester, at: plus(APPROVED_AT, 89_000) }));
    expect(shorter[0]?.details.durationMinutes).toBe(1);
  });

  it('lets the console (an API client) end it on the requester’s behalf', () => {
    const { grant, events } = appliedOf(end(activeGrant(), { actor: consoleClient, at }));
    expect(grant.status).toBe('ENDED');
    expect(grant.endReason).toBe('NORMAL');
    expect(grant.endedBy).toBe('tok_console');
    expect(events[0]?.actor).toEqual(consoleClient);
  });

  it('refuses other staff, approvers included', () => {
    for (const actor of [approverA, bystander]) {
      const result = refusedOf(end(activeGrant(), { actor, at }));
      expect(result.error.code).toBe(ErrorCode.NotRequester);
      expect(result.error.message).toBe(
        `Only the requester can end ${SHORT_CODE} (acme); approvers can revoke it with /grant revoke ${SHORT_CODE} <reason>.`,
      );
      expect(result.events).toEqual([]);
    }
  });

  it('refuses a PENDING grant and points to cancel', () => {
    const result = refusedOf(end(pendingGrant(), { actor: requester, at }));
    expect(result.error.code).toBe(ErrorCode.InvalidTransition);
    expect(result.error.message).toBe(
      `${SHORT_CODE} (acme) is not active yet: withdraw it with /grant cancel ${SHORT_CODE}.`,
    );
  });

  it('changes nothing when ended twice, whoever ended it first', () => {
    const ended = endedGrant();
    const result = unchangedOf(end(ended, { actor: requester, at }));
    expect(result.grant).toBe(ended);
    expect(result.note).toBe(`${SHORT_CODE} (acme) has already ended.`);
    expect(unchangedOf(end(ended, { actor: consoleClient, at })).grant).toBe(ended);
  });

  it('refuses DENIED, CANCELLED and LAPSED grants as already decided', () => {
    for (const grant of [deniedGrant(), cancelledGrant(), lapsedGrant()]) {
      const result = refusedOf(end(grant, { actor: requester, at }));
      expect(result.error.code).toBe(ErrorCode.AlreadyDecided);
      expect(result.error.details).toEqual({ status: grant.status });
    }
  });
});

describe('revoke', () => {
  const at = plus(APPROVED_AT, 7 * MINUTE);
  const decision = { approver: approverB, isApprover: true, at, policy, reason: '  customer asked us to stop ' };

  it('ends an ACTIVE grant FORCED with the trimmed reason as note, by the approver', () => {
    const { grant, events } = appliedOf(revoke(activeGrant(), decision));
    expect(grant).toEqual({
      ...activeGrant(),
      status: 'ENDED',
      endTime: at,
      endReason: 'FORCED',
      endedBy: 'U_APPROVER_B',
      endNote: 'customer asked us to stop',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'IMPERSONATION_END',
      severity: 'HIGH',
      actor: approverB,
      occurredAt: at,
      after: { status: 'ENDED', endTime: at, endReason: 'FORCED' },
      details: { endReason: 'FORCED', note: 'customer asked us to stop', durationMinutes: 7 },
    });
  });

  it('refuses a non-approver and records ACCESS_REFUSED', () => {
    const result = refusedOf(revoke(activeGrant(), { ...decision, approver: requester, isApprover: false }));
    expect(result.error.code).toBe(ErrorCode.NotApprover);
    expect(result.events).toEqual([
      accessRefusedEvent(
        requester,
        at,
        'revoke',
        'not_approver',
        `Only approvers can revoke ${SHORT_CODE} (acme).`,
        'ACTIVE',
      ),
    ]);
  });

  it('requires a reason', () => {
    for (const reason of ['', '  ']) {
      const result = refusedOf(revoke(activeGrant(), { ...decision, reason }));
      expect(result.error.code).toBe(ErrorCode.InvalidReason);
      expect(result.error.details).toEqual({ field: 'reason' });
      expect(result.error.message).toBe(`Say why: /grant revoke ${SHORT_CODE} <reason>.`);
      expect(result.events).toEqual([]);
    }
  });

  it('refuses a PENDING grant and points to deny', () => {
    const result = refusedOf(revoke(pendingGrant(), decision));
    expect(result.error.code).toBe(ErrorCode.InvalidTransition);
    expect(result.error.message).toBe(`${SHORT_CODE} (acme) is still pending: deny it instead of revoking it.`);
  });

  it('changes nothing on an ENDED grant, saying how it ended', () => {
    const ended = endedGrant();
    const result = unchangedOf(revoke(ended, decision));
    expect(result.grant).toBe(ended);
    expect(result.note).toBe(`${SHORT_CODE} (acme) has already ended (NORMAL).`);
  });

  it('refuses DENIED, CANCELLED and LAPSED grants as already decided', () => {
    for (const grant of [deniedGrant(), cancelledGrant(), lapsedGrant()]) {
      expect(refusedOf(revoke(grant, decision)).error.code).toBe(ErrorCode.AlreadyDecided);
    }
  });
});

describe('forceEnd', () => {
  const at = plus(APPROVED_AT, 20 * MINUTE);

  it('ends an ACTIVE grant FORCED with the system’s note', () => {
    const { grant, events } = appliedOf(forceEnd(activeGrant(), { actor: system, at, note: 'ticket closed' }));
    expect(grant).toMatchObject({
      status: 'ENDED',
      endTime: at,
      endReason: 'FORCED',
      endedBy: 'ticket-watch',
      endNote: 'ticket closed',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'IMPERSONATION_END',
      severity: 'HIGH',
      actor: system,
      details: { endReason: 'FORCED', note: 'ticket closed', durationMinutes: 20 },
    });
  });

  it('changes nothing on a grant that is not ACTIVE', () => {
    for (const grant of [pendingGrant(), endedGrant(), deniedGrant()]) {
      const result = unchangedOf(forceEnd(grant, { actor: system, at, note: 'ticket closed' }));
      expect(result.grant).toBe(grant);
      expect(result.note).toBe(`${SHORT_CODE} (acme) is not active.`);
    }
  });
});

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
