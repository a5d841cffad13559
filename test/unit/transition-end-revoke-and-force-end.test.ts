import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { end, forceEnd, revoke } from '../../src/domain/transitions.ts';
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
  refusedOf,
  requester,
  SHORT_CODE,
  system,
  unchangedOf,
} from '../support/domain-fixture.ts';
import {
  accessRefusedEvent,
  cancelledGrant,
  deniedGrant,
  EXPIRES_AT,
  endedGrant,
  lapsedGrant,
} from '../support/transition-fixture.ts';

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
