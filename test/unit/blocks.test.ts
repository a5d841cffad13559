import type { Button, InputBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Grant } from '../../src/domain/grant.ts';
import { appHome } from '../../src/slack/blocks/app-home.ts';
import { approverCard } from '../../src/slack/blocks/approver-card.ts';
import { decisionMessage } from '../../src/slack/blocks/decision-message.ts';
import { denyModal, parseDenyModal } from '../../src/slack/blocks/deny-modal.ts';
import { durationOptions } from '../../src/slack/blocks/duration-options.ts';
import { endedMessage } from '../../src/slack/blocks/ended-message.ts';
import { expiryWarningMessage } from '../../src/slack/blocks/expiry-warning-message.ts';
import { extendModal, parseExtendModal } from '../../src/slack/blocks/extend-modal.ts';
import { extensionCard, parseExtensionButtonValue } from '../../src/slack/blocks/extension-card.ts';
import { grantList } from '../../src/slack/blocks/grant-list.ts';
import { helpMessage } from '../../src/slack/blocks/help-text.ts';
import { parseRequestModal, requestModal } from '../../src/slack/blocks/request-modal.ts';
import { lifecycleReply } from '../../src/slack/blocks/thread-reply.ts';
import { blockErrors, viewErrors } from '../fakes/block-kit-rules.ts';
import { APPROVER_ID, aGrant, anActiveGrant, REQUESTER_ID, SECOND_APPROVER_ID } from '../support/grant-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date('2024-03-04T10:30:00Z');
const BOUNDS = { minDurationMs: 5 * MINUTE, defaultDurationMs: 30 * MINUTE, maxDurationMs: 8 * HOUR };
const HOSTILE = '<!channel> <@U123> <http://evil|bank>';

/** Every user-provided field of a grant set to text that would ping or mislead if not escaped. */
function hostileGrant(overrides: Partial<Grant> = {}): Grant {
  const base = anActiveGrant();
  return {
    ...base,
    tenant: `acme ${HOSTILE}`,
    targetUser: `jane ${HOSTILE}`,
    reason: `Because ${HOSTILE}`,
    ticket: { ...base.ticket, summary: `Summary ${HOSTILE}`, status: `Open ${HOSTILE}`, key: 'OPS-123' },
    denyReason: `No ${HOSTILE}`,
    endNote: `Note ${HOSTILE}`,
    pendingExtension: {
      id: 'ext-1',
      durationMs: 30 * MINUTE,
      reason: `More ${HOSTILE}`,
      requestedBy: REQUESTER_ID,
      requestedAt: NOW,
      approvals: [],
    },
    ...overrides,
  };
}

/** Every way of writing far too much: long tenant, reason, summary, notes, extension reason. */
function longGrant(overrides: Partial<Grant> = {}): Grant {
  const base = anActiveGrant();
  return {
    ...base,
    tenant: 't'.repeat(5000),
    targetUser: 'u'.repeat(5000),
    reason: '<'.repeat(5000),
    ticket: { ...base.ticket, summary: 's'.repeat(10_000), status: 'x'.repeat(500) },
    denyReason: '&'.repeat(5000),
    endNote: 'n'.repeat(5000),
    approvals: Array.from({ length: 40 }, (_, i) => ({
      approverId: `U0APPROVER${i}`,
      approverEmail: null,
      approvedAt: NOW,
    })),
    pendingExtension: {
      id: 'ext-1',
      durationMs: 30 * MINUTE,
      reason: '>'.repeat(5000),
      requestedBy: REQUESTER_ID,
      requestedAt: NOW,
      approvals: [],
    },
    ...overrides,
  };
}

function expectEscaped(output: unknown): void {
  const json = JSON.stringify(output);
  expect(json).not.toContain('<!channel>');
  expect(json).not.toContain('<@U123>');
  expect(json).not.toContain('<http://evil');
  expect(json).toContain('&lt;!channel&gt;');
}

function buttons(blocks: readonly KnownBlock[]): Button[] {
  return blocks.flatMap((block) => {
    if (block.type === 'actions') return block.elements.filter((e): e is Button => e.type === 'button');
    if (block.type === 'section' && block.accessory?.type === 'button') return [block.accessory];
    return [];
  });
}

function allText(blocks: readonly KnownBlock[]): string {
  return JSON.stringify(blocks);
}

const STATUSES: Partial<Grant>[] = [
  { status: 'PENDING' },
  { status: 'ACTIVE' },
  { status: 'DENIED', decidedBy: APPROVER_ID },
  { status: 'CANCELLED' },
  { status: 'LAPSED' },
  { status: 'ENDED', endReason: 'FORCED', endedBy: APPROVER_ID, endTime: NOW },
];

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

describe('decisionMessage', () => {
  it('approved: the window and an End now button', () => {
    const grant = anActiveGrant();
    const dm = decisionMessage(grant);
    const text = allText(dm.blocks);
    expect(text).toContain('Approved');
    expect(text).toContain('<!date^1709546700^'); // startTime 10:05
    expect(text).toContain('<!date^1709548500^'); // expiresAt 10:35
    expect(text).toContain('(30m)');
    expect(buttons(dm.blocks)).toMatchObject([{ action_id: 'grant.end', value: grant.id }]);
    expect(dm.text).toContain('Approved');
  });

  it('denied with the reason; lapsed; cancelled — no buttons', () => {
    const denied = decisionMessage(aGrant({ status: 'DENIED', decidedBy: APPROVER_ID, denyReason: 'Use staging' }));
    expect(allText(denied.blocks)).toContain('Denied');
    expect(allText(denied.blocks)).toContain('Use staging');
    expect(allText(denied.blocks)).toContain(`<@${APPROVER_ID}>`);
    expect(allText(decisionMessage(aGrant({ status: 'LAPSED' })).blocks)).toContain('Lapsed');
    expect(allText(decisionMessage(aGrant({ status: 'CANCELLED' })).blocks)).toContain('Cancelled');
    for (const status of ['DENIED', 'LAPSED', 'CANCELLED'] as const) {
      expect(buttons(decisionMessage(aGrant({ status })).blocks)).toEqual([]);
    }
  });

  it.each(STATUSES)('escapes user text and stays within limits (%o)', (overrides) => {
    expectEscaped(decisionMessage(hostileGrant(overrides)));
    expect(blockErrors(decisionMessage(longGrant(overrides)).blocks)).toEqual([]);
  });
});

describe('expiryWarningMessage', () => {
  const grant = anActiveGrant();
  const fiveBefore = new Date(grant.expiresAt!.getTime() - 5 * MINUTE);

  it('says when it expires, with Extend and End now', () => {
    const dm = expiryWarningMessage(grant, fiveBefore);
    expect(allText(dm.blocks)).toContain('in 5m');
    expect(buttons(dm.blocks)).toMatchObject([
      { action_id: 'grant.extend.open', value: grant.id },
      { action_id: 'grant.end', value: grant.id },
    ]);
    expect(dm.text).toContain('5m');
  });

  it('leaves out Extend while an extension is pending, and both buttons once over', () => {
    const extending = hostileGrant();
    expect(buttons(expiryWarningMessage(extending, fiveBefore).blocks).map((b) => b.action_id)).toEqual(['grant.end']);
    expect(buttons(expiryWarningMessage({ ...grant, status: 'ENDED' }, fiveBefore).blocks)).toEqual([]);
    expect(buttons(expiryWarningMessage(grant, grant.expiresAt!).blocks)).toEqual([]);
  });

  it('escapes user text and stays within limits', () => {
    expectEscaped(expiryWarningMessage(hostileGrant(), fiveBefore));
    expect(blockErrors(expiryWarningMessage(longGrant(), fiveBefore).blocks)).toEqual([]);
  });
});

describe('endedMessage', () => {
  const started = new Date('2024-03-04T10:05:00Z');
  const ended = (overrides: Partial<Grant>) =>
    anActiveGrant({ status: 'ENDED', endTime: new Date(started.getTime() + 12 * MINUTE), ...overrides });

  it('says how it ended and how long it ran', () => {
    const byRequester = allText(endedMessage(ended({ endReason: 'NORMAL', endedBy: REQUESTER_ID })).blocks);
    expect(byRequester).toContain('ended by you');
    expect(byRequester).toContain('lasted 12m');
    expect(byRequester).toContain('30m granted');
    const revoked = allText(
      endedMessage(ended({ endReason: 'FORCED', endedBy: APPROVER_ID, endNote: 'customer asked' })).blocks,
    );
    expect(revoked).toContain(`revoked by <@${APPROVER_ID}>: customer asked`);
    expect(allText(endedMessage(ended({ endReason: 'FORCED', endNote: 'ticket closed' })).blocks)).toContain(
      'ended by Grantdesk: ticket closed',
    );
    expect(allText(endedMessage(ended({ endReason: 'EXPIRED' })).blocks)).toContain('expired');
    const idle = ended({ endReason: 'EXPIRED', endedBy: 'idle-expiry', endNote: 'no use or action for 15m' });
    expect(allText(endedMessage(idle).blocks)).toContain('expired: no use or action for 15m');
    expect(allText(endedMessage(ended({ endReason: 'NORMAL', endedBy: 'api-token-7' })).blocks)).toContain(
      'support console',
    );
    expect(buttons(endedMessage(ended({ endReason: 'EXPIRED' })).blocks)).toEqual([]);
  });

  it('escapes user text and stays within limits', () => {
    expectEscaped(endedMessage(hostileGrant({ status: 'ENDED', endReason: 'FORCED', endTime: NOW })));
    expect(blockErrors(endedMessage(longGrant({ status: 'ENDED', endReason: 'FORCED', endTime: NOW })).blocks)).toEqual(
      [],
    );
  });
});

describe('lifecycleReply', () => {
  const grant = anActiveGrant();

  it('tells each lifecycle event in one short reply', () => {
    expect(allText(lifecycleReply(grant, { kind: 'active' }).blocks)).toContain('is active until');
    expect(allText(lifecycleReply(grant, { kind: 'extended', addedMs: HOUR }).blocks)).toContain('extended by 1h');
    const ended = lifecycleReply(
      { ...grant, status: 'ENDED', endReason: 'EXPIRED', endTime: grant.expiresAt },
      { kind: 'ended' },
    );
    expect(allText(ended.blocks)).toContain('ended after 30m (expired)');
    expect(allText(lifecycleReply(grant, { kind: 'action', action: 'Exported invoices' }).blocks)).toContain(
      'Action recorded',
    );
    for (const event of [{ kind: 'active' }, { kind: 'ended' }] as const) {
      expect(lifecycleReply(grant, event).blocks).toHaveLength(1);
    }
  });

  it('escapes the recorded action and any note, and stays within limits', () => {
    expectEscaped(lifecycleReply(grant, { kind: 'action', action: HOSTILE }));
    expectEscaped(lifecycleReply(hostileGrant({ status: 'ENDED', endReason: 'FORCED' }), { kind: 'ended' }));
    const long = lifecycleReply(grant, { kind: 'action', action: '<'.repeat(10_000) });
    expect(blockErrors(long.blocks)).toEqual([]);
    expect(allText(long.blocks)).toContain('…');
  });
});

describe('durationOptions', () => {
  it('offers round steps within the bounds plus min, default and max, in order', () => {
    const choice = durationOptions({ minDurationMs: 90_000, defaultDurationMs: 20 * MINUTE, maxDurationMs: 10 * HOUR });
    expect(choice.options.map((o) => o.value)).toEqual([
      '1m30s',
      '5m',
      '15m',
      '20m',
      '30m',
      '1h',
      '2h',
      '4h',
      '8h',
      '10h',
    ]);
    expect(choice.initialOption.value).toBe('20m');
    expect(choice.options.find((o) => o.value === '1h')?.text.text).toBe('1 hour');
  });

  it('keeps every option within the bounds and clamps a default outside them', () => {
    const choice = durationOptions({
      minDurationMs: 10 * MINUTE,
      defaultDurationMs: 12 * HOUR,
      maxDurationMs: 2 * HOUR,
    });
    expect(choice.options.map((o) => o.value)).toEqual(['10m', '15m', '30m', '1h', '2h']);
    expect(choice.initialOption.value).toBe('2h');
  });
});

describe('requestModal', () => {
  it('is the grant.request modal with tenant, target user, ticket, reason, duration and access inputs', () => {
    const view = requestModal(BOUNDS);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'grant.request' });
    const inputs = (view.blocks as KnownBlock[]).filter((b): b is InputBlock => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, 'action_id' in b.element && b.element.action_id])).toEqual([
      ['tenant', 'tenant'],
      ['target_user', 'target_user'],
      ['ticket', 'ticket'],
      ['reason', 'reason'],
      ['duration', 'duration'],
      ['access_level', 'access_level'],
    ]);
    expect(inputs[1]).toMatchObject({ optional: true });
    expect(inputs[0]).not.toHaveProperty('optional');
    expect(inputs[3]).toMatchObject({
      element: { type: 'plain_text_input', multiline: true, min_length: 10, max_length: 500 },
    });
    expect(inputs[4]).toMatchObject({
      element: { type: 'static_select', initial_option: { value: '30m' } },
    });
    const select = inputs[4]?.element;
    const values = select?.type === 'static_select' ? (select.options ?? []).map((o) => o.value) : [];
    expect(values).toEqual(['5m', '15m', '30m', '1h', '2h', '4h', '8h']);
    const access = inputs[5]?.element;
    expect(access).toMatchObject({ type: 'static_select', initial_option: { value: 'read' } });
    expect(access?.type === 'static_select' ? (access.options ?? []).map((o) => o.value) : []).toEqual([
      'read',
      'write',
    ]);
    expect(requestModal({ ...BOUNDS, initial: { accessLevel: 'write' } }).blocks).toContainEqual(
      expect.objectContaining({
        element: expect.objectContaining({ initial_option: expect.objectContaining({ value: 'write' }) }),
      }),
    );
    expect(viewErrors(view)).toEqual([]);
  });

  it('keeps prefilled text within the input limits', () => {
    const view = requestModal({ ...BOUNDS, initial: { tenant: 't'.repeat(1000), reason: 'r'.repeat(1000) } });
    expect(viewErrors(view)).toEqual([]);
  });

  it('parses a submission into typed fields', () => {
    const parsed = parseRequestModal({
      tenant: { tenant: { type: 'plain_text_input', value: '  acme-corp ' } },
      target_user: { target_user: { type: 'plain_text_input', value: null } },
      ticket: { ticket: { type: 'plain_text_input', value: 'ops-123' } },
      reason: { reason: { type: 'plain_text_input', value: 'Reproduce the export bug' } },
      duration: { duration: { type: 'static_select', selected_option: { value: '1h30m' } } },
      access_level: { access_level: { type: 'static_select', selected_option: { value: 'write' } } },
    });
    expect(parsed).toEqual({
      tenant: 'acme-corp',
      targetUser: null,
      ticketKey: 'OPS-123',
      reason: 'Reproduce the export bug',
      durationMs: 90 * MINUTE,
      accessLevel: 'write',
    });
    expect(parseRequestModal({}).durationMs).toBeUndefined();
    // No choice, or a value the select never offered, is read: the lesser access.
    expect(parseRequestModal({}).accessLevel).toBe('read');
    const forged = { access_level: { access_level: { type: 'static_select', selected_option: { value: 'admin' } } } };
    expect(parseRequestModal(forged).accessLevel).toBe('read');
  });
});

describe('extendModal', () => {
  it('is the grant.extend modal carrying the grant id, with duration and reason', () => {
    const grant = hostileGrant();
    const view = extendModal(grant, {
      minDurationMs: 5 * MINUTE,
      defaultDurationMs: 15 * MINUTE,
      maxDurationMs: 2 * HOUR,
    });
    expect(view).toMatchObject({ type: 'modal', callback_id: 'grant.extend', private_metadata: grant.id });
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['duration', 'reason']);
    expect(viewErrors(view)).toEqual([]);
    expectEscaped(view);
    expect(viewErrors(extendModal(longGrant(), BOUNDS))).toEqual([]);

    expect(
      parseExtendModal({
        private_metadata: grant.id,
        state: {
          values: {
            duration: { duration: { type: 'static_select', selected_option: { value: '15m' } } },
            reason: { reason: { type: 'plain_text_input', value: ' Export still running ' } },
          },
        },
      }),
    ).toEqual({ grantId: grant.id, durationMs: 15 * MINUTE, reason: 'Export still running' });
  });
});

describe('denyModal', () => {
  it('is the grant.deny modal with a required reason, round-tripping grant id and kind', () => {
    const view = denyModal('grant-1', 'extension');
    expect(view).toMatchObject({ type: 'modal', callback_id: 'grant.deny' });
    const reason = view.blocks.find((b) => b.type === 'input');
    expect(reason).toMatchObject({ block_id: 'reason', element: { action_id: 'reason' } });
    expect(reason).not.toHaveProperty('optional');
    expect(viewErrors(view)).toEqual([]);

    const values = { reason: { reason: { type: 'plain_text_input', value: 'Not this week' } } };
    expect(parseDenyModal({ private_metadata: view.private_metadata, state: { values } })).toEqual({
      grantId: 'grant-1',
      kind: 'extension',
      reason: 'Not this week',
    });
    expect(parseDenyModal({ private_metadata: 'grant-1', state: { values } })).toBeUndefined();
    expect(parseDenyModal({ private_metadata: '{"grantId":"g","kind":"other"}', state: { values } })).toBeUndefined();
  });
});

describe('grantList', () => {
  it('says so when there are none', () => {
    expect(allText(grantList([], NOW).blocks)).toContain('no grants');
  });

  it('lists grants newest first, with End now on active ones and Cancel on pending ones', () => {
    const older = aGrant({ id: '10000000-0000-4000-8000-000000000001', requestedAt: new Date('2024-03-01T00:00:00Z') });
    const active = anActiveGrant({ id: '20000000-0000-4000-8000-000000000002' });
    const list = grantList([older, active], NOW);
    const text = allText(list.blocks);
    expect(text.indexOf(active.shortCode)).toBeLessThan(text.indexOf(older.shortCode));
    expect(text).toContain('Pending approval');
    expect(text).toContain('Active');
    expect(buttons(list.blocks)).toMatchObject([
      { action_id: 'grant.end', value: active.id },
      { action_id: 'grant.cancel', value: older.id, confirm: expect.any(Object) },
    ]);
  });

  it('fits many grants in one message with an "and N more" line', () => {
    const grants = Array.from({ length: 80 }, (_, i) =>
      longGrant({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        requestedAt: new Date(NOW.getTime() - i * MINUTE),
      }),
    );
    const list = grantList(grants, NOW);
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    expect(allText(list.blocks)).toContain('and 32 more');
    expect(blockErrors(list.blocks)).toEqual([]);
  });

  it.each(STATUSES)('escapes user text (%o)', (overrides) => {
    expectEscaped(grantList([hostileGrant(overrides)], NOW));
  });
});

describe('helpMessage', () => {
  it('documents every /grant form with examples, escaped', () => {
    const help = helpMessage(BOUNDS);
    const text = allText(help.blocks);
    for (const form of [
      '`/grant`',
      '/grant &lt;tenant&gt;[:&lt;target-user&gt;] &lt;TICKET-KEY&gt;',
      '/grant list',
      '/grant end &lt;id&gt;',
      '/grant cancel &lt;id&gt;',
      '/grant revoke &lt;id&gt; &lt;reason…&gt;',
      '/grant extend &lt;id&gt; &lt;duration&gt; &lt;reason…&gt;',
      '/grant stats',
      '/grant audit [&lt;tenant&gt;] [&lt;since YYYY-MM-DD&gt;]',
      '/grant help',
    ]) {
      expect(text).toContain(form);
    }
    expect(text).toContain('/grant acme-corp:jane@acme.com OPS-123 30m');
    expect(text).toContain('from 5m to 8h, 30m when left out');
    expect(text).not.toMatch(/<(?!!date)[a-z]/);
    expect(blockErrors(help.blocks)).toEqual([]);
  });
});

describe('appHome', () => {
  it("shows the viewer's grants, the pending queue with decision buttons, and week stats", () => {
    const pending = aGrant({ id: '00000000-0000-4000-8000-000000000009', requesterId: 'U0SOMEONE' });
    const mine = anActiveGrant();
    const view = appHome({
      viewerGrants: [mine],
      pendingQueue: [pending],
      weekStats: { totalSessions: 12, activeSessions: 2, averageDurationMinutes: 23.6, denials: 1 },
      now: NOW,
    });
    expect(view.type).toBe('home');
    const text = allText(view.blocks as KnownBlock[]);
    expect(text).toContain('Waiting for approval (1)');
    expect(text).toContain('Your grants (1)');
    expect(text).toContain('*Average duration*\\n24m');
    expect(buttons(view.blocks as KnownBlock[])).toMatchObject([
      { action_id: 'grant.approve', value: pending.id },
      { action_id: 'grant.deny', value: pending.id },
      { action_id: 'grant.end', value: mine.id },
    ]);
    expect(viewErrors(view)).toEqual([]);
  });

  it('leaves out the queue and stats for viewers who are neither approver nor auditor', () => {
    const text = allText(appHome({ viewerGrants: [], now: NOW }).blocks as KnownBlock[]);
    expect(text).not.toContain('Waiting for approval');
    expect(text).not.toContain('This week');
  });

  it('fits within 100 blocks, showing the newest and how many more', () => {
    const many = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) =>
        longGrant({
          id: `${prefix}0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          status: 'PENDING',
          requestedAt: new Date(NOW.getTime() - i * MINUTE),
        }),
      );
    const view = appHome({
      viewerGrants: many('a', 200),
      pendingQueue: many('b', 100),
      weekStats: { totalSessions: 1, activeSessions: 0, averageDurationMinutes: 5, denials: 0 },
      requiredApprovals: 2,
      now: NOW,
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = allText(view.blocks as KnownBlock[]);
    expect(text).toMatch(/and \d+ more/);
    expect(text).toContain('b0000000-0000-4000-8000-000000000000'); // the newest pending request is shown
    expect(viewErrors(view)).toEqual([]);
  });

  it('escapes user text', () => {
    expectEscaped(
      appHome({ viewerGrants: [hostileGrant()], pendingQueue: [hostileGrant({ status: 'PENDING' })], now: NOW }),
    );
  });
});
