/**
 * Shared inputs for the domain unit tests: a fixed policy, fixed moments, the people involved and grants in each
 * state, all built through the real transitions so a fixture grant is one the domain could actually produce.
 */
import type { Actor, Grant, TicketSnapshot } from '../../src/domain/grant.ts';
import type { GrantPolicy } from '../../src/domain/grant-policy.ts';
import { openGrant } from '../../src/domain/grant-request.ts';
import type { Transition } from '../../src/domain/transition.ts';
import { approve } from '../../src/domain/transitions.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const policy: GrantPolicy = {
  minDurationMs: 5 * MINUTE,
  defaultDurationMs: 30 * MINUTE,
  maxDurationMs: 8 * HOUR,
  requiredApprovals: 1,
  pendingTtlMs: 4 * HOUR,
  expiryWarningMs: 5 * MINUTE,
};

export const twoApprovals: GrantPolicy = { ...policy, requiredApprovals: 2 };

export const GRANT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
/** shortCodeOf(GRANT_ID), worked out by hand: the top 30 bits of 0x7c9e6679 in Crockford base 32. */
export const SHORT_CODE = 'G-FJF6CY';

/** When the fixture grant is requested. */
export const REQUESTED_AT = new Date('2026-11-02T10:00:00Z');
/** When the fixture grant is approved (and so starts). */
export const APPROVED_AT = new Date('2026-11-02T10:10:00Z');

export const plus = (from: Date, ms: number): Date => new Date(from.getTime() + ms);

export const requester: Actor = { kind: 'staff', id: 'U_REQUESTER', email: 'requester@grantdesk.test' };
export const approverA: Actor = { kind: 'staff', id: 'U_APPROVER_A', email: 'a@grantdesk.test' };
export const approverB: Actor = { kind: 'staff', id: 'U_APPROVER_B', email: null };
export const bystander: Actor = { kind: 'staff', id: 'U_BYSTANDER', email: 'bystander@grantdesk.test' };
export const consoleClient: Actor = { kind: 'api-client', id: 'tok_console' };
export const system: Actor = { kind: 'system', id: 'ticket-watch' };

export const ticket: TicketSnapshot = {
  key: 'OPS-123',
  summary: 'Customer cannot export invoices',
  status: 'In Progress',
  statusCategory: 'indeterminate',
  assignee: 'Requester',
  url: 'https://jira.grantdesk.test/browse/OPS-123',
};

/** A PENDING grant for 30 minutes on tenant `acme`, requested at REQUESTED_AT. */
export function pendingGrant(overrides: Partial<Grant> = {}): Grant {
  const { grant } = openGrant(
    GRANT_ID,
    {
      requesterId: requester.id,
      requesterEmail: requester.email ?? null,
      tenant: 'acme',
      targetUser: 'jane@acme.test',
      reason: 'Reproduce the invoice export failure',
      durationMs: 30 * MINUTE,
    },
    ticket,
    REQUESTED_AT,
  );
  return { ...grant, ...overrides };
}

/** The pending grant approved by approverA at APPROVED_AT: ACTIVE until APPROVED_AT + 30 minutes, version 1. */
export function activeGrant(overrides: Partial<Grant> = {}): Grant {
  const started = appliedOf(
    approve(pendingGrant(), { approver: approverA, isApprover: true, at: APPROVED_AT, policy }),
  );
  return { ...started.grant, ...overrides };
}

export type Applied = Extract<Transition, { outcome: 'applied' }>;
export type Unchanged = Extract<Transition, { outcome: 'unchanged' }>;
export type Refused = Extract<Transition, { outcome: 'refused' }>;

const describeOutcome = (t: Transition): string =>
  t.outcome === 'refused' ? `refused (${t.error.code}: ${t.error.message})` : t.outcome;

export function appliedOf(t: Transition): Applied {
  if (t.outcome !== 'applied') throw new Error(`expected applied, got ${describeOutcome(t)}`);
  return t;
}

export function unchangedOf(t: Transition): Unchanged {
  if (t.outcome !== 'unchanged') throw new Error(`expected unchanged, got ${describeOutcome(t)}`);
  return t;
}

export function refusedOf(t: Transition): Refused {
  if (t.outcome !== 'refused') throw new Error(`expected refused, got ${describeOutcome(t)}`);
  return t;
}
