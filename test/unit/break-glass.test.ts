import { describe, expect, it } from 'vitest';
import {
  breakGlassTooLong,
  checkBreakGlassDuration,
  openBreakGlass,
  reviewBreakGlass,
  reviewDueAt,
  supersedeByBreakGlass,
} from '../../src/domain/break-glass.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { sideEffectsOf } from '../../src/domain/side-effects.ts';
import { parseGrantCommand } from '../../src/slack/parse-grant-command.ts';
import {
  approverA,
  approverB,
  bystander,
  GRANT_ID,
  HOUR,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  REQUESTED_AT,
  requester,
  ticket,
} from '../support/domain-fixture.ts';

const request = {
  requesterId: requester.id,
  requesterEmail: requester.email ?? null,
  tenant: 'acme',
  targetUser: 'jane@acme.test',
  reason: 'Production outage, nobody answers the pager',
  durationMs: 30 * MINUTE,
};

function broken(): Grant {
  return openBreakGlass(GRANT_ID, request, ticket, REQUESTED_AT, { accessLevel: 'write', policyIds: ['oncall'] }).grant;
}

const review = (grant: Grant, overrides: Partial<Parameters<typeof reviewBreakGlass>[1]> = {}) =>
  reviewBreakGlass(grant, {
    reviewer: approverA,
    isApprover: true,
    at: plus(REQUESTED_AT, HOUR),
    outcome: 'acknowledged',
    note: null,
    ...overrides,
  });

describe('/grant emergency', () => {
  it('reads like a request, as break-glass', () => {
    expect(parseGrantCommand('emergency acme:jane OPS-9 45m --write the database is on fire')).toEqual({
      kind: 'emergency',
      tenant: 'acme',
      targetUser: 'jane',
      ticketKey: 'OPS-9',
      durationMs: 45 * MINUTE,
      reason: 'the database is on fire',
      accessLevel: 'write',
    });
  });

  it('needs a duration, a ticket and a reason, and says how to type it', () => {
    const noDuration = parseGrantCommand('emergency acme OPS-9 the database is on fire');
    expect(noDuration).toEqual({ kind: 'invalid', message: expect.stringContaining('Say for how long, like 30m.') });
    expect(noDuration).toMatchObject({ message: expect.stringContaining('/grant emergency <tenant>') });
    expect(parseGrantCommand('emergency acme 30m fire')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Give the Jira ticket'),
    });
    expect(parseGrantCommand('emergency acme OPS-9 30m')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Say why'),
    });
  });
});

describe('break-glass duration', () => {
  it('allows up to the maximum and refuses longer, saying the limit and what to do', () => {
    expect(() => checkBreakGlassDuration(HOUR, HOUR)).not.toThrow();
    expect(() => checkBreakGlassDuration(2 * HOUR, HOUR)).toThrow(
      'Break-glass access lasts at most 1h (you asked for 2h): ask for 1h or less, and request a normal grant with /grant for longer work.',
    );
    expect(breakGlassTooLong(45 * MINUTE, 30 * MINUTE, 'oncall')?.message).toContain('at most 30m under policy oncall');
  });
});

describe('openBreakGlass', () => {
  it('is ACTIVE at once, without approvals, and records GRANT_BREAK_GLASS then IMPERSONATION_START', () => {
    const { grant, events } = openBreakGlass(GRANT_ID, request, ticket, REQUESTED_AT, {
      accessLevel: 'write',
      policyIds: ['oncall'],
    });
    expect(grant).toMatchObject({
      status: 'ACTIVE',
      breakGlass: true,
      review: null,
      approvals: [],
      accessLevel: 'write',
      startTime: REQUESTED_AT,
      expiresAt: plus(REQUESTED_AT, 30 * MINUTE),
      decidedBy: requester.id,
    });
    expect(events.map((event) => [event.type, event.severity])).toEqual([
      ['GRANT_BREAK_GLASS', 'HIGH'],
      ['IMPERSONATION_START', 'HIGH'],
    ]);
    expect(events[0]?.details).toMatchObject({
      policyIds: ['oncall'],
      durationMs: 30 * MINUTE,
      ticket: { key: 'OPS-123' },
    });
    expect(events[1]?.details).toMatchObject({ breakGlass: true, approvers: [] });
  });

  it('schedules its expiry, its warning and one review reminder BREAK_GLASS_REVIEW_WITHIN after it started', () => {
    const { grant, events } = openBreakGlass(GRANT_ID, request, ticket, REQUESTED_AT, {
      accessLevel: 'read',
      policyIds: [],
    });
    const messages = sideEffectsOf(
      undefined,
      grant,
      events.map((e, i) => ({ ...e, id: `e${i}` })),
      {
        ...policy,
        breakGlassReviewWithinMs: 2 * HOUR,
      },
    );
    const schedules = messages.filter((m) => m.topic === 'schedule').map((m) => m.key);
    expect(schedules).toEqual([`expire:${GRANT_ID}:1`, `warn:${GRANT_ID}:1`, `review-due:${GRANT_ID}`]);
    const reminder = messages.find((m) => m.key === `review-due:${GRANT_ID}`);
    expect(reminder?.payload).toEqual({
      job: 'review-due',
      grantId: GRANT_ID,
      runAt: plus(REQUESTED_AT, 2 * HOUR).toISOString(),
    });
    expect(reviewDueAt(grant, 2 * HOUR)).toEqual(plus(REQUESTED_AT, 2 * HOUR));
    expect(messages.filter((m) => m.topic === 'notify').map((m) => m.payload)).toHaveLength(2);
  });
});

describe('reviewBreakGlass', () => {
  it('records an acknowledgement by an approver, with GRANT_REVIEWED', () => {
    const outcome = review(broken());
    expect(outcome.outcome).toBe('applied');
    if (outcome.outcome !== 'applied') return;
    expect(outcome.grant.review).toEqual({
      reviewerId: approverA.id,
      reviewerEmail: approverA.email,
      outcome: 'acknowledged',
      note: null,
      reviewedAt: plus(REQUESTED_AT, HOUR),
    });
    expect(outcome.events.map((e) => [e.type, e.severity, e.details.outcome])).toEqual([
      ['GRANT_REVIEWED', 'MEDIUM', 'acknowledged'],
    ]);
  });

  it('needs a note to flag, and keeps it on one line', () => {
    const refused = review(broken(), { outcome: 'flagged', note: '   ' });
    expect(refused).toMatchObject({
      outcome: 'refused',
      error: { code: 'invalid_reason', details: { field: 'note' } },
    });
    const flagged = review(broken(), { outcome: 'flagged', note: 'no incident\n ticket for this' });
    expect(flagged).toMatchObject({
      outcome: 'applied',
      grant: { review: { outcome: 'flagged', note: 'no incident ticket for this' } },
    });
    expect(review(broken(), { outcome: 'flagged', note: 'x'.repeat(501) })).toMatchObject({ outcome: 'refused' });
  });

  it('refuses the requester and non-approvers, and audits the attempt', () => {
    const self = review(broken(), { reviewer: requester });
    expect(self).toMatchObject({ outcome: 'refused', error: { code: 'self_approval' } });
    const notApprover = review(broken(), { reviewer: bystander, isApprover: false });
    expect(notApprover).toMatchObject({ outcome: 'refused', error: { code: 'not_approver' } });
    for (const attempt of [self, notApprover]) {
      if (attempt.outcome !== 'refused') continue;
      expect(attempt.events.map((e) => [e.type, e.details.attempted])).toEqual([['ACCESS_REFUSED', 'review']]);
    }
  });

  it('is made once: the same reviewer again changes nothing; another is told who reviewed it', () => {
    const first = review(broken());
    if (first.outcome !== 'applied') throw new Error('expected a review');
    expect(review(first.grant)).toMatchObject({
      outcome: 'unchanged',
      note: expect.stringContaining('already reviewed'),
    });
    expect(review(first.grant, { reviewer: approverB })).toMatchObject({
      outcome: 'refused',
      error: { code: 'already_decided', message: expect.stringContaining(`by ${approverA.email}`) },
    });
  });

  it('has nothing to review on a grant that was approved in the usual way', () => {
    expect(review(pendingGrant())).toMatchObject({ outcome: 'refused', error: { code: 'invalid_transition' } });
  });
});

describe('supersedeByBreakGlass', () => {
  const at = plus(REQUESTED_AT, 10 * MINUTE);

  it('withdraws a waiting request as its requester, naming the break-glass', () => {
    const transition = supersedeByBreakGlass(pendingGrant(), { at, policy, breakGlassId: 'bg-1' });
    expect(transition).toMatchObject({ outcome: 'applied', grant: { status: 'CANCELLED', decidedBy: requester.id } });
    if (transition.outcome !== 'applied') return;
    expect(transition.events).toMatchObject([
      { type: 'GRANT_CANCELLED', actor: { kind: 'staff', id: requester.id }, details: { supersededBy: 'bg-1' } },
    ]);
  });

  it('lets a request past PENDING_TTL lapse, as its job would have', () => {
    const late = plus(REQUESTED_AT, policy.pendingTtlMs + MINUTE);
    const transition = supersedeByBreakGlass(pendingGrant(), { at: late, policy, breakGlassId: 'bg-1' });
    expect(transition).toMatchObject({ outcome: 'applied', grant: { status: 'LAPSED' } });
  });

  it('leaves a request that is no longer waiting as it is', () => {
    const decided = { ...pendingGrant(), status: 'DENIED' as const };
    expect(supersedeByBreakGlass(decided, { at, policy, breakGlassId: 'bg-1' }).outcome).toBe('unchanged');
  });
});
