import { describe, expect, it } from 'vitest';
import { ErrorCode, GrantdeskError } from '../../src/domain/errors.ts';
import { type GrantRequestInput, openGrant, validateGrantRequest } from '../../src/domain/grant-request.ts';
import { GRANT_ID, MINUTE, policy, REQUESTED_AT, requester, SHORT_CODE, ticket } from '../support/domain-fixture.ts';

const input = (overrides: Partial<GrantRequestInput> = {}): GrantRequestInput => ({
  requesterId: requester.id,
  requesterEmail: requester.email ?? null,
  tenant: 'acme',
  targetUser: 'jane@acme.test',
  reason: 'Reproduce the invoice export failure',
  ticketKey: 'OPS-123',
  durationMs: 45 * MINUTE,
  ...overrides,
});

/** Runs validateGrantRequest and returns the GrantdeskError it throws (failing when it does not throw one). */
function refusal(overrides: Partial<GrantRequestInput>): GrantdeskError {
  try {
    validateGrantRequest(input(overrides), policy);
  } catch (error) {
    if (error instanceof GrantdeskError) return error;
    throw error;
  }
  throw new Error('expected validateGrantRequest to refuse');
}

describe('validateGrantRequest', () => {
  it('returns the checked fields of a valid request', () => {
    expect(validateGrantRequest(input(), policy)).toEqual({
      tenant: 'acme',
      targetUser: 'jane@acme.test',
      reason: 'Reproduce the invoice export failure',
      durationMs: 45 * MINUTE,
    });
  });

  describe('tenant', () => {
    it('is trimmed', () => {
      expect(validateGrantRequest(input({ tenant: '  acme-eu.2  ' }), policy).tenant).toBe('acme-eu.2');
    });

    it('accepts letters, digits and . _ @ + - up to 128 characters', () => {
      const longest = `a${'b'.repeat(127)}`;
      expect(validateGrantRequest(input({ tenant: longest }), policy).tenant).toBe(longest);
      expect(validateGrantRequest(input({ tenant: 'Tenant_1@eu+x-y.z' }), policy).tenant).toBe('Tenant_1@eu+x-y.z');
    });

    it('refuses 129 characters', () => {
      const error = refusal({ tenant: `a${'b'.repeat(128)}` });
      expect(error.code).toBe(ErrorCode.InvalidTenant);
      expect(error.details).toEqual({ field: 'tenant' });
    });

    it('refuses an empty or blank tenant and says which tenant to give', () => {
      for (const tenant of ['', '   ']) {
        const error = refusal({ tenant });
        expect(error.code).toBe('invalid_tenant');
        expect(error.details.field).toBe('tenant');
        expect(error.message).toMatch(/^Say which tenant/);
      }
    });

    it('refuses whitespace inside, a leading punctuation mark and other characters, quoting the value', () => {
      for (const tenant of ['acme corp', '.acme', '-acme', 'acme/eu', 'acmé']) {
        const error = refusal({ tenant });
        expect(error.code).toBe(ErrorCode.InvalidTenant);
        expect(error.details.field).toBe('tenant');
        expect(error.message).toContain(`"${tenant}" is not a tenant id`);
      }
    });

    it('is checked before the other fields', () => {
      const error = refusal({ tenant: '', targetUser: 'bad user', reason: 'short', durationMs: 1 });
      expect(error.code).toBe(ErrorCode.InvalidTenant);
    });
  });

  describe('target user', () => {
    it('is optional: omitted, null, empty or blank gives null', () => {
      for (const targetUser of [undefined, null, '', '   ']) {
        expect(validateGrantRequest(input({ targetUser }), policy).targetUser).toBeNull();
      }
    });

    it('is trimmed', () => {
      expect(validateGrantRequest(input({ targetUser: ' jane@acme.test ' }), policy).targetUser).toBe('jane@acme.test');
    });

    it('refuses an identifier with whitespace or other characters, naming the field target_user', () => {
      for (const targetUser of ['jane doe', 'jane/doe', `a${'b'.repeat(128)}`]) {
        const error = refusal({ targetUser });
        expect(error.code).toBe(ErrorCode.InvalidInput);
        expect(error.details).toEqual({ field: 'target_user' });
        expect(error.message).toContain(`"${targetUser}" is not a user id`);
      }
    });
  });

  describe('reason', () => {
    it('collapses runs of whitespace and trims', () => {
      expect(validateGrantRequest(input({ reason: '  fix   the\n\tinvoice   export  ' }), policy).reason).toBe(
        'fix the invoice export',
      );
    });

    it('accepts exactly 10 and exactly 500 characters', () => {
      expect(validateGrantRequest(input({ reason: 'x'.repeat(10) }), policy).reason).toBe('x'.repeat(10));
      expect(validateGrantRequest(input({ reason: 'x'.repeat(500) }), policy).reason).toBe('x'.repeat(500));
    });

    it('refuses 9 characters, saying how long it is', () => {
      const error = refusal({ reason: 'x'.repeat(9) });
      expect(error.code).toBe(ErrorCode.InvalidReason);
      expect(error.details).toEqual({ field: 'reason' });
      expect(error.message).toContain('10–500 characters (it is 9)');
    });

    it('refuses 501 characters', () => {
      const error = refusal({ reason: 'x'.repeat(501) });
      expect(error.code).toBe(ErrorCode.InvalidReason);
      expect(error.details.field).toBe('reason');
      expect(error.message).toContain('(it is 501)');
    });

    it('measures the length after whitespace is normalised', () => {
      // 18 characters as typed, 9 once the runs of spaces collapse.
      const error = refusal({ reason: '  a   b   c  d e  ' });
      expect(error.code).toBe(ErrorCode.InvalidReason);
      expect(error.message).toContain('(it is 9)');
      // 500 characters once collapsed, more as typed.
      const padded = `   ${'x'.repeat(250)}      ${'y'.repeat(249)}   `;
      expect(validateGrantRequest(input({ reason: padded }), policy).reason).toHaveLength(500);
    });

    it('refuses a blank reason', () => {
      expect(refusal({ reason: ' \n\t ' }).code).toBe(ErrorCode.InvalidReason);
    });
  });

  describe('duration', () => {
    it('defaults to the policy default when omitted or null', () => {
      expect(validateGrantRequest(input({ durationMs: undefined }), policy).durationMs).toBe(30 * MINUTE);
      expect(validateGrantRequest(input({ durationMs: null }), policy).durationMs).toBe(30 * MINUTE);
    });

    it('accepts exactly the minimum and exactly the maximum', () => {
      expect(validateGrantRequest(input({ durationMs: policy.minDurationMs }), policy).durationMs).toBe(5 * MINUTE);
      expect(validateGrantRequest(input({ durationMs: policy.maxDurationMs }), policy).durationMs).toBe(8 * 3_600_000);
    });

    it('refuses one millisecond under the minimum, naming the allowed range', () => {
      const error = refusal({ durationMs: policy.minDurationMs - 1 });
      expect(error.code).toBe(ErrorCode.InvalidDuration);
      expect(error.details).toEqual({ field: 'duration' });
      expect(error.message).toBe('4m59s is outside the allowed range: ask for between 5m and 8h.');
    });

    it('refuses one second over the maximum', () => {
      const error = refusal({ durationMs: policy.maxDurationMs + 1000 });
      expect(error.code).toBe(ErrorCode.InvalidDuration);
      expect(error.details.field).toBe('duration');
      expect(error.message).toBe('8h1s is outside the allowed range: ask for between 5m and 8h.');
    });

    it('refuses zero rather than taking it for "omitted"', () => {
      expect(refusal({ durationMs: 0 }).code).toBe(ErrorCode.InvalidDuration);
    });
  });
});

describe('openGrant', () => {
  const valid = {
    ...validateGrantRequest(input(), policy),
    requesterId: requester.id,
    requesterEmail: 'requester@grantdesk.test',
  };

  it('opens a PENDING grant with the request, the ticket and nothing decided', () => {
    const { grant } = openGrant(GRANT_ID, valid, ticket, REQUESTED_AT);
    expect(grant).toEqual({
      id: GRANT_ID,
      shortCode: SHORT_CODE,
      requesterId: 'U_REQUESTER',
      requesterEmail: 'requester@grantdesk.test',
      tenant: 'acme',
      targetUser: 'jane@acme.test',
      reason: 'Reproduce the invoice export failure',
      ticket,
      requestedDurationMs: 45 * MINUTE,
      status: 'PENDING',
      approvals: [],
      requestedAt: REQUESTED_AT,
      decidedAt: null,
      decidedBy: null,
      denyReason: null,
      startTime: null,
      expiresAt: null,
      endTime: null,
      endReason: null,
      endedBy: null,
      endNote: null,
      ipAddress: null,
      userAgent: null,
      expiryVersion: 0,
      pendingExtension: null,
      card: null,
    });
  });

  it('records one GRANT_REQUESTED event at LOW severity, by the requester, with the ticket snapshot', () => {
    const { events } = openGrant(GRANT_ID, valid, ticket, REQUESTED_AT);
    expect(events).toEqual([
      {
        id: '',
        type: 'GRANT_REQUESTED',
        severity: 'LOW',
        occurredAt: REQUESTED_AT,
        actor: { kind: 'staff', id: 'U_REQUESTER', email: 'requester@grantdesk.test' },
        tenant: 'acme',
        grantId: GRANT_ID,
        before: null,
        after: { status: 'PENDING' },
        ipAddress: null,
        userAgent: null,
        details: {
          shortCode: SHORT_CODE,
          targetUser: 'jane@acme.test',
          reason: 'Reproduce the invoice export failure',
          ticket: {
            key: 'OPS-123',
            summary: 'Customer cannot export invoices',
            status: 'In Progress',
            url: 'https://jira.grantdesk.test/browse/OPS-123',
          },
          durationMs: 45 * MINUTE,
        },
      },
    ]);
  });

  it('keeps a missing target user and email as null', () => {
    const { grant, events } = openGrant(
      GRANT_ID,
      { ...valid, targetUser: null, requesterEmail: null },
      ticket,
      REQUESTED_AT,
    );
    expect(grant.targetUser).toBeNull();
    expect(grant.requesterEmail).toBeNull();
    expect(events[0]?.actor).toEqual({ kind: 'staff', id: 'U_REQUESTER', email: null });
    expect(events[0]?.details.targetUser).toBeNull();
  });

  it('derives the short code from the id', () => {
    const { grant } = openGrant('00000020-0000-4000-8000-000000000000', valid, ticket, REQUESTED_AT);
    expect(grant.shortCode).toBe('G-000008');
  });
});
