import { describe, expect, it } from 'vitest';
import { escalatedCard, escalatedReply, reminderReply } from '../../src/slack/blocks/nudge-messages.ts';
import { blockErrors } from '../fakes/block-kit-rules.ts';
import { allText, buttons, expectEscaped, hostileGrant, longGrant, NOW } from '../support/block-fixture.ts';
import { APPROVER_ID, aGrant, REQUESTER_ID, SECOND_APPROVER_ID } from '../support/grant-fixture.ts';

const waiting = (minutes: number) => aGrant({ requestedAt: new Date(NOW.getTime() - minutes * 60_000) });
const audience = { userIds: [APPROVER_ID, SECOND_APPROVER_ID], usergroupId: 'S0APPROVERS' };

describe('reminderReply', () => {
  it('mentions the usergroup and the listed approvers, in the text too so Slack notifies them', () => {
    const grant = waiting(15);
    const reply = reminderReply(grant, audience, NOW);
    const text = allText(reply.blocks);
    for (const mention of ['<!subteam^S0APPROVERS>', `<@${APPROVER_ID}>`, `<@${SECOND_APPROVER_ID}>`]) {
      expect(text).toContain(mention);
      expect(reply.text).toContain(mention);
    }
    expect(text).toContain(`${grant.shortCode} for acme-corp has waited 15m`);
    expect(blockErrors(reply.blocks)).toEqual([]);
  });

  it('leaves out who already approved and the requester, and names nobody when no approver is configured', () => {
    const grant = aGrant({
      requestedAt: new Date(NOW.getTime() - 20 * 60_000),
      approvals: [{ approverId: APPROVER_ID, approverEmail: null, approvedAt: NOW }],
    });
    const reply = reminderReply(grant, { userIds: [APPROVER_ID, REQUESTER_ID], usergroupId: undefined }, NOW);
    expect(allText(reply.blocks)).not.toContain(`<@${APPROVER_ID}>`);
    expect(allText(reply.blocks)).not.toContain(`<@${REQUESTER_ID}>`);
    expect(allText(reply.blocks)).toContain('Approvers: please approve or deny');
  });

  it('mentions at most 20 people and says how many more there are', () => {
    const many = Array.from({ length: 45 }, (_, i) => `U${String(i).padStart(8, '0')}`);
    const reply = reminderReply(waiting(15), { userIds: many, usergroupId: undefined }, NOW);
    expect(allText(reply.blocks).match(/<@U/g)).toHaveLength(20);
    expect(allText(reply.blocks)).toContain('and 25 more');
    expect(blockErrors(reply.blocks)).toEqual([]);
  });

  it('escapes user text and stays within Block Kit limits for the longest grant', () => {
    expectEscaped(reminderReply(hostileGrant({ status: 'PENDING' }), audience, NOW));
    expect(blockErrors(reminderReply(longGrant({ status: 'PENDING' }), audience, NOW).blocks)).toEqual([]);
  });
});

describe('escalated card and reply', () => {
  it('is the approver card with the same working buttons, under a line saying it was escalated', () => {
    const grant = waiting(60);
    const card = escalatedCard(grant, { requiredApprovals: 1, now: NOW, audience });
    expect(allText(card.blocks)).toContain('*Escalated:* no decision after 1h');
    expect(buttons(card.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['grant.approve', grant.id],
      ['grant.deny', grant.id],
    ]);
    expect(card.text).toContain(`Access request ${grant.shortCode}`);
    expect(blockErrors(card.blocks)).toEqual([]);
  });

  it('shows the decision without buttons once decided', () => {
    const grant = aGrant({ status: 'DENIED', decidedBy: APPROVER_ID, decidedAt: NOW, denyReason: 'Not needed' });
    const card = escalatedCard(grant, { requiredApprovals: 1, now: NOW, audience });
    expect(buttons(card.blocks)).toEqual([]);
    expect(allText(card.blocks)).not.toContain('Escalated:');
  });

  it('escapes user text and stays within Block Kit limits', () => {
    expectEscaped(escalatedCard(hostileGrant({ status: 'PENDING' }), { requiredApprovals: 1, now: NOW, audience }));
    const long = escalatedCard(longGrant({ status: 'PENDING' }), { requiredApprovals: 1, now: NOW, audience });
    expect(blockErrors(long.blocks)).toEqual([]);
    expect(allText(escalatedReply(waiting(60), 'C0ESCALATE', NOW).blocks)).toContain('escalated to <#C0ESCALATE>');
  });
});
