/**
 * The notification policy without Slack: who is told what for each notification, from the grant as it is now, the
 * event and the trail. The Slack notifier's own test (test/integration/slack-notifier.test.ts) checks the rendering.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventType } from '../../src/domain/audit-event.ts';
import type { Actor } from '../../src/domain/grant.ts';
import { EXPIRY_WARNING } from '../../src/domain/notification.ts';
import { notificationNeeds, planNotification } from '../../src/domain/notification-plan.ts';
import {
  APPROVED_AT,
  activeGrant,
  approverA,
  approverB,
  consoleClient,
  pendingGrant,
  requester,
} from '../support/domain-fixture.ts';

let seq = 0;
function event(type: AuditEventType, actor: Actor, details: Record<string, unknown> = {}): AuditEvent {
  seq += 1;
  return {
    seq,
    id: `event-${seq}`,
    occurredAt: APPROVED_AT,
    type,
    severity: 'LOW',
    actor,
    tenant: 'acme',
    grantId: 'grant',
    before: null,
    after: null,
    ipAddress: null,
    userAgent: null,
    details,
    prevHash: '',
    hash: '',
  };
}

describe('planNotification', () => {
  it('a request shows the approver card and tells nobody else', () => {
    const plan = planNotification({ type: 'GRANT_REQUESTED', eventId: 'e', grant: pendingGrant() });
    expect(plan).toEqual([{ tell: 'approver-card' }]);
  });

  it('a session that starts updates the card, tells the requester and replies in the thread', () => {
    const plan = planNotification({ type: 'IMPERSONATION_START', eventId: 'e', grant: activeGrant() });
    expect(plan).toEqual([
      { tell: 'approver-card' },
      { tell: 'requester', message: 'decision' },
      { tell: 'thread', reply: { kind: 'active' } },
    ]);
  });

  it.each(['GRANT_DENIED', 'GRANT_CANCELLED', 'GRANT_LAPSED'] as const)('%s updates the card and DMs', (type) => {
    expect(planNotification({ type, eventId: 'e', grant: pendingGrant() })).toEqual([
      { tell: 'approver-card' },
      { tell: 'requester', message: 'decision' },
    ]);
  });

  it('an approval updates a pending card; once decided, the deciding event renders it', () => {
    const added = event('GRANT_APPROVAL_ADDED', approverA);
    const facts = { type: 'GRANT_APPROVAL_ADDED' as const, eventId: added.id, event: added };
    expect(planNotification({ ...facts, grant: pendingGrant() })).toEqual([{ tell: 'approver-card' }]);
    expect(planNotification({ ...facts, grant: activeGrant() })).toEqual([]);
  });

  it("an extension's request posts its card; its approvals update it", () => {
    const asked = event('GRANT_EXTENSION_REQUESTED', requester, { extensionId: 'x1', durationMs: 600_000 });
    const requested = { type: 'GRANT_EXTENSION_REQUESTED' as const, eventId: asked.id, event: asked };
    expect(planNotification({ ...requested, grant: activeGrant() })).toEqual([
      { tell: 'extension-card', extensionId: 'x1', requestedEventId: asked.id },
    ]);
    const added = event('GRANT_APPROVAL_ADDED', approverA, { extensionId: 'x1' });
    const approval = { type: 'GRANT_APPROVAL_ADDED' as const, eventId: added.id, event: added, grant: activeGrant() };
    expect(planNotification(approval)).toEqual([{ tell: 'extension-card', extensionId: 'x1' }]);
  });

  it('an approved extension updates its card, DMs the outcome and says in the thread how much was added', () => {
    const extended = event('GRANT_EXTENDED', approverB, {
      extensionId: 'x1',
      durationMs: 600_000,
      approvers: [approverA.id, approverB.id],
    });
    const plan = planNotification({
      type: 'GRANT_EXTENDED',
      eventId: extended.id,
      event: extended,
      grant: activeGrant(),
    });
    expect(plan).toEqual([
      { tell: 'extension-card', extensionId: 'x1' },
      {
        tell: 'requester',
        message: 'extension-decision',
        outcome: { outcome: 'approved', addedMs: 600_000, approvers: [approverA.id, approverB.id] },
      },
      { tell: 'thread', reply: { kind: 'extended', addedMs: 600_000 } },
    ]);
  });

  it('a denied extension updates its card and DMs the reason, with nothing in the thread', () => {
    const denied = event('GRANT_EXTENSION_DENIED', approverA, { extensionId: 'x1', reason: 'Not needed' });
    const facts = { type: 'GRANT_EXTENSION_DENIED' as const, eventId: denied.id, event: denied, grant: activeGrant() };
    expect(planNotification(facts)).toEqual([
      { tell: 'extension-card', extensionId: 'x1' },
      {
        tell: 'requester',
        message: 'extension-decision',
        outcome: { outcome: 'denied', by: approverA.id, reason: 'Not needed' },
      },
    ]);
  });

  it('an extension decision whose event is gone tells nothing', () => {
    expect(planNotification({ type: 'GRANT_EXTENDED', eventId: 'gone', grant: activeGrant() })).toEqual([]);
  });

  it('an end tells the requester, rewrites the earlier DMs, replies, and closes an extension still waiting', () => {
    const ended = { type: 'IMPERSONATION_END' as const, eventId: 'e', grant: activeGrant() };
    const waiting = [event('GRANT_EXTENSION_REQUESTED', requester, { extensionId: 'x2' })];
    const settled = [...waiting, event('GRANT_EXTENSION_DENIED', approverA, { extensionId: 'x2', reason: 'no' })];
    const common = [
      { tell: 'requester', message: 'ended' },
      { tell: 'earlier-dms-ended' },
      { tell: 'thread', reply: { kind: 'ended' } },
    ];
    expect(planNotification({ ...ended, trail: waiting })).toEqual([
      ...common,
      { tell: 'extension-card', extensionId: 'x2' },
    ]);
    expect(planNotification({ ...ended, trail: settled })).toEqual(common);
  });

  it('a recorded action and a refused access are told in the thread', () => {
    const action = event('IMPERSONATION_ACTION', consoleClient, { action: 'reset password' });
    const acted = { type: 'IMPERSONATION_ACTION' as const, eventId: action.id, event: action, grant: activeGrant() };
    expect(planNotification(acted)).toEqual([{ tell: 'thread', reply: { kind: 'action', action: 'reset password' } }]);
    const refusal = event('ACCESS_REFUSED', approverB, { attempted: 'approve', reason: 'not an approver' });
    const refused = { type: 'ACCESS_REFUSED' as const, eventId: refusal.id, event: refusal, grant: pendingGrant() };
    expect(planNotification(refused)).toEqual([
      { tell: 'thread', reply: { kind: 'refused', who: approverB.id, attempted: 'approve', why: 'not an approver' } },
    ]);
  });

  it('the expiry warning is a DM to the requester only; events no one is told of plan nothing', () => {
    const warning = planNotification({ type: EXPIRY_WARNING, eventId: 'warn:g:1', grant: activeGrant() });
    expect(warning).toEqual([{ tell: 'requester', message: 'expiry-warning' }]);
    expect(planNotification({ type: 'POLICY_LOADED', eventId: 'e', grant: activeGrant() })).toEqual([]);
  });
});

describe('notificationNeeds', () => {
  it('reads the event only where the plan depends on it, and the trail only for an end', () => {
    expect(notificationNeeds('GRANT_REQUESTED')).toEqual({ event: false, trail: false });
    expect(notificationNeeds('GRANT_EXTENDED')).toEqual({ event: true, trail: false });
    expect(notificationNeeds('ACCESS_REFUSED')).toEqual({ event: true, trail: false });
    expect(notificationNeeds('IMPERSONATION_END')).toEqual({ event: false, trail: true });
  });
});
