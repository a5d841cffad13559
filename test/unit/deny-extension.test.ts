import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { denyExtension, requestExtension } from '../../src/domain/extension.ts';
import {
  activeGrant,
  appliedOf,
  approverB,
  bystander,
  GRANT_ID,
  HOUR,
  MINUTE,
  policy,
  refusedOf,
  requester,
  SHORT_CODE,
  unchangedOf,
} from '../support/domain-fixture.ts';
import { ask, DECIDED_AT, EXTENSION_ID, withPendingExtension } from '../support/extension-fixture.ts';

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
