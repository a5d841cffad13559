import { describe, expect, it } from 'vitest';
import { approverCard } from '../../src/slack/blocks/approver-card.ts';
import { extensionCard, parseExtensionButtonValue } from '../../src/slack/blocks/extension-card.ts';
import { blockErrors } from '../fakes/block-kit-rules.ts';
import {
  allText,
  buttons,
  expectEscaped,
  HOSTILE,
  HOUR,
  hostileGrant,
  longGrant,
  NOW,
  STATUSES,
} from '../support/block-fixture.ts';
import { APPROVER_ID, aGrant, anActiveGrant, REQUESTER_ID, SECOND_APPROVER_ID } from '../support/grant-fixture.ts';

describe('approverCard', () => {
  it('shows requester, tenant and target, ticket, duration and reason, with Approve and Deny', () => {
    const grant = aGrant();
    const card = approverCard(grant, { requiredApprovals: 1, now: NOW });
    const text = allText(card.blocks);
    expect(card.blocks[0]).toMatchObject({ type: 'header', text: { text: `Access request ${grant.shortCode}` } });
    expect(text).toContain(`<@${REQUESTER_ID}>`);
    expect(text).toContain('acme-corp');
    expect(text).toContain('jane@acme.com');
    expect(text).toContain('<https://acme.atlassian.net/browse/OPS-123|OPS-123>');
    expect(text).toContain('Invoice export fails for Acme');
    expect(text).toContain('In Progress');
    expect(text).toContain('30m');
    expect(text).toContain('Customer cannot export invoices');
    expect(card.text).toContain(grant.shortCode);

    const [approve, deny] = buttons(card.blocks);
    expect(approve).toMatchObject({ action_id: 'grant.approve', value: grant.id, style: 'primary' });
    expect(approve?.confirm).toMatchObject({
      title: { text: 'Approve access?' },
      confirm: { text: 'Approve' },
      deny: { text: 'Cancel' },
    });
    expect(approve?.confirm?.text.text).toContain(`<@${REQUESTER_ID}>`);
    expect(approve?.confirm?.text.text).toContain('acme-corp');
    expect(deny).toMatchObject({ action_id: 'grant.deny', value: grant.id, style: 'danger' });
    expect(blockErrors(card.blocks)).toEqual([]);
  });

  it('shows the quorum while more approvals are needed', () => {
    const approval = { approverId: APPROVER_ID, approverEmail: null, approvedAt: NOW };
    const grant = aGrant({ approvals: [approval] });
    expect(allText(approverCard(grant, { requiredApprovals: 2, now: NOW }).blocks)).toContain(
      `1 of 2 approvals: <@${APPROVER_ID}>`,
    );
    expect(allText(approverCard(grant, { requiredApprovals: 1, now: NOW }).blocks)).not.toContain('approvals:');
    const none = allText(approverCard(aGrant(), { requiredApprovals: 2, now: NOW }).blocks);
    expect(none).not.toContain('approvals:');
    expect(none).toContain('Needs 2 approvals');
  });

  it('once approved, has no buttons and says who approved', () => {
    const second = { approverId: SECOND_APPROVER_ID, approverEmail: null, approvedAt: NOW };
    const grant = anActiveGrant();
    const card = approverCard(
      { ...grant, approvals: [...grant.approvals, second] },
      { requiredApprovals: 2, now: NOW },
    );
    expect(buttons(card.blocks)).toEqual([]);
    expect(card.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(allText(card.blocks)).toContain(`Approved by <@${APPROVER_ID}>, <@${SECOND_APPROVER_ID}>`);
    expect(card.text).toContain('approved');
  });

  it('once denied, cancelled or lapsed, says so without buttons', () => {
    const denied = approverCard(
      aGrant({ status: 'DENIED', decidedBy: APPROVER_ID, decidedAt: NOW, denyReason: 'Use the staging tenant' }),
      {
        requiredApprovals: 1,
        now: NOW,
      },
    );
    expect(allText(denied.blocks)).toContain(`Denied by <@${APPROVER_ID}>`);
    expect(allText(denied.blocks)).toContain('Use the staging tenant');
    expect(buttons(denied.blocks)).toEqual([]);

    const cancelled = approverCard(aGrant({ status: 'CANCELLED', decidedAt: NOW }), { requiredApprovals: 1, now: NOW });
    expect(allText(cancelled.blocks)).toContain('Cancelled by the requester');
    expect(buttons(cancelled.blocks)).toEqual([]);

    const lapsed = approverCard(aGrant({ status: 'LAPSED' }), {
      requiredApprovals: 1,
      now: NOW,
      pendingTtlMs: 4 * HOUR,
    });
    expect(allText(lapsed.blocks)).toContain('Lapsed');
    expect(allText(lapsed.blocks)).toContain('within 4h');
    expect(buttons(lapsed.blocks)).toEqual([]);
  });

  it.each(STATUSES)('escapes user text and stays within limits (%o)', (overrides) => {
    const hostile = approverCard(hostileGrant(overrides), { requiredApprovals: 2, now: NOW });
    expectEscaped(hostile);
    const long = approverCard(longGrant(overrides), { requiredApprovals: 2, now: NOW });
    expect(blockErrors(long.blocks)).toEqual([]);
    expect(allText(long.blocks)).toContain('…');
  });
});

describe('extensionCard', () => {
  const grant = anActiveGrant({
    pendingExtension: {
      id: 'ext-1',
      durationMs: HOUR,
      reason: 'Export still running',
      requestedBy: REQUESTER_ID,
      requestedAt: NOW,
      approvals: [],
    },
  });

  it('asks for the extension with Approve and Deny carrying the grant and extension ids', () => {
    const card = extensionCard(grant, { requiredApprovals: 1, now: NOW });
    const text = allText(card.blocks);
    expect(text).toContain('Extension request');
    expect(text).toContain('1h');
    expect(text).toContain('Export still running');
    const [approve, deny] = buttons(card.blocks);
    const value = `${grant.id}:ext-1`;
    expect(approve).toMatchObject({ action_id: 'extension.approve', value, style: 'primary' });
    expect(approve?.confirm).toBeDefined();
    expect(deny).toMatchObject({ action_id: 'extension.deny', value, style: 'danger' });
    expect(parseExtensionButtonValue(value)).toEqual({ grantId: grant.id, extensionId: 'ext-1' });
    expect(parseExtensionButtonValue(grant.id)).toEqual({ grantId: grant.id });
    expect(blockErrors(card.blocks)).toEqual([]);
  });

  it('shows the quorum while more approvals are needed', () => {
    const approval = { approverId: APPROVER_ID, approverEmail: null, approvedAt: NOW };
    const extension = { ...grant.pendingExtension!, approvals: [approval] };
    const card = extensionCard({ ...grant, pendingExtension: extension }, { requiredApprovals: 2, now: NOW });
    expect(allText(card.blocks)).toContain(`1 of 2 approvals: <@${APPROVER_ID}>`);
  });

  it('once decided, has no buttons and says who decided', () => {
    const extension = grant.pendingExtension!;
    const approved = extensionCard(
      { ...grant, pendingExtension: null },
      {
        requiredApprovals: 1,
        now: NOW,
        extension: { ...extension, approvals: [{ approverId: APPROVER_ID, approverEmail: null, approvedAt: NOW }] },
        decision: { outcome: 'approved', at: NOW },
      },
    );
    expect(buttons(approved.blocks)).toEqual([]);
    expect(allText(approved.blocks)).toContain(`Extension approved by <@${APPROVER_ID}>`);

    const denied = extensionCard(
      { ...grant, pendingExtension: null },
      {
        requiredApprovals: 1,
        now: NOW,
        extension,
        decision: { outcome: 'denied', by: APPROVER_ID, reason: 'Wrap up', at: NOW },
      },
    );
    expect(buttons(denied.blocks)).toEqual([]);
    expect(allText(denied.blocks)).toContain(`Extension denied by <@${APPROVER_ID}>`);
    expect(allText(denied.blocks)).toContain('Wrap up');

    const ended = extensionCard({ ...grant, status: 'ENDED' }, { requiredApprovals: 1, now: NOW });
    expect(buttons(ended.blocks)).toEqual([]);
    expect(allText(ended.blocks)).toContain('no longer active');
  });

  it('escapes user text and stays within limits', () => {
    expectEscaped(extensionCard(hostileGrant(), { requiredApprovals: 2, now: NOW }));
    const hostileDenial = extensionCard(hostileGrant(), {
      requiredApprovals: 1,
      now: NOW,
      decision: { outcome: 'denied', by: APPROVER_ID, reason: HOSTILE, at: NOW },
    });
    expectEscaped(hostileDenial);
    expect(blockErrors(extensionCard(longGrant(), { requiredApprovals: 2, now: NOW }).blocks)).toEqual([]);
  });
});
