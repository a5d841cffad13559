/** Reminders and escalation without I/O: the transition, the jobs a request schedules, and who is told what. */
import { describe, expect, it } from 'vitest';
import { planNotification } from '../../src/domain/notification-plan.ts';
import { nudgePending } from '../../src/domain/nudge-pending.ts';
import { sideEffectsOf } from '../../src/domain/side-effects.ts';
import { activeGrant, GRANT_ID, MINUTE, pendingGrant, plus, policy, REQUESTED_AT } from '../support/domain-fixture.ts';

const nudging = { ...policy, approvalReminderMs: 15 * MINUTE, approvalEscalationMs: 60 * MINUTE };
const requested = { id: 'ev-1', type: 'GRANT_REQUESTED' as const };
const schedules = (p: typeof policy) =>
  sideEffectsOf(undefined, pendingGrant(), [requested], p)
    .filter((m) => m.topic === 'schedule')
    .map((m) => [m.key, m.payload]);

describe('nudgePending', () => {
  it('reminds a request still PENDING once it is due, recording when', () => {
    const at = plus(REQUESTED_AT, 15 * MINUTE);
    const result = nudgePending(pendingGrant(), 'remind', { at, policy: nudging });
    expect(result).toMatchObject({ outcome: 'applied', grant: { remindedAt: at, status: 'PENDING' } });
    if (result.outcome !== 'applied') return;
    expect(result.events).toMatchObject([
      { type: 'GRANT_APPROVAL_REMINDED', actor: { kind: 'system', id: 'reminder' }, grantId: GRANT_ID },
    ]);
    expect(result.events[0]?.details).toEqual({ waitedMs: 15 * MINUTE, approvals: 0 });
  });

  it('escalates with GRANT_ESCALATED, once', () => {
    const at = plus(REQUESTED_AT, 60 * MINUTE);
    const result = nudgePending(pendingGrant(), 'escalate', { at, policy: nudging });
    expect(result).toMatchObject({
      outcome: 'applied',
      grant: { escalatedAt: at },
      events: [{ type: 'GRANT_ESCALATED' }],
    });
    const again = nudgePending(pendingGrant({ escalatedAt: at }), 'escalate', { at, policy: nudging });
    expect(again).toMatchObject({ outcome: 'unchanged', note: expect.stringMatching(/already escalated/) });
  });

  it('changes nothing before it is due, once decided, or when it is off', () => {
    const early = nudgePending(pendingGrant(), 'remind', { at: plus(REQUESTED_AT, MINUTE), policy: nudging });
    expect(early).toMatchObject({ outcome: 'unchanged', note: expect.stringMatching(/not due to remind yet/) });
    const decided = nudgePending(activeGrant(), 'remind', { at: plus(REQUESTED_AT, HOUR_AND_MORE), policy: nudging });
    expect(decided).toMatchObject({ outcome: 'unchanged', note: expect.stringMatching(/ACTIVE, nothing to remind/) });
    const off = nudgePending(pendingGrant(), 'escalate', { at: plus(REQUESTED_AT, HOUR_AND_MORE), policy });
    expect(off).toMatchObject({ outcome: 'unchanged', note: expect.stringMatching(/escalation are off/) });
  });
});

const HOUR_AND_MORE = 2 * 60 * MINUTE;

describe('the jobs a new request schedules', () => {
  it('a remind and an escalate job keyed by the grant, due after APPROVAL_REMINDER and APPROVAL_ESCALATION', () => {
    expect(schedules(nudging)).toEqual([
      [
        `lapse:${GRANT_ID}`,
        { job: 'lapse', grantId: GRANT_ID, runAt: plus(REQUESTED_AT, 4 * 60 * MINUTE).toISOString() },
      ],
      [
        `remind:${GRANT_ID}`,
        { job: 'remind', grantId: GRANT_ID, runAt: plus(REQUESTED_AT, 15 * MINUTE).toISOString() },
      ],
      [
        `escalate:${GRANT_ID}`,
        { job: 'escalate', grantId: GRANT_ID, runAt: plus(REQUESTED_AT, 60 * MINUTE).toISOString() },
      ],
    ]);
  });

  it('none that would come at or after the lapse, and no escalation when it is off', () => {
    const late = { ...nudging, pendingTtlMs: 30 * MINUTE };
    expect(schedules(late).map(([key]) => key)).toEqual([`lapse:${GRANT_ID}`, `remind:${GRANT_ID}`]);
    expect(schedules(policy).map(([key]) => key)).toEqual([`lapse:${GRANT_ID}`]);
  });
});

describe('who is told about a nudge', () => {
  it('a reminder is a reply in the thread; an escalation a copy of the card and a reply', () => {
    const grant = pendingGrant();
    expect(planNotification({ type: 'GRANT_APPROVAL_REMINDED', eventId: 'e', grant })).toEqual([
      { tell: 'nudge-reply', nudge: 'remind' },
    ]);
    expect(planNotification({ type: 'GRANT_ESCALATED', eventId: 'e', grant })).toEqual([
      { tell: 'escalated-card' },
      { tell: 'nudge-reply', nudge: 'escalate' },
    ]);
  });

  it('nothing once the request was decided before the notification went out', () => {
    for (const type of ['GRANT_APPROVAL_REMINDED', 'GRANT_ESCALATED'] as const) {
      expect(planNotification({ type, eventId: 'e', grant: activeGrant() })).toEqual([]);
    }
  });
});
