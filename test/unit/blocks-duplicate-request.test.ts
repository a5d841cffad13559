import { describe, expect, it } from 'vitest';
import { DuplicateRequestError } from '../../src/domain/duplicate-request.ts';
import { ErrorCode } from '../../src/domain/errors.ts';
import { duplicateRequestReply } from '../../src/slack/blocks/duplicate-request-reply.ts';
import { blockErrors } from '../fakes/block-kit-rules.ts';
import { allText, buttons, expectEscaped, hostileGrant, longGrant } from '../support/block-fixture.ts';
import { aGrant, anActiveGrant } from '../support/grant-fixture.ts';

const CARD_URL = 'https://acme.slack.com/archives/C0APPROVERS/p1709546400000100';

describe('DuplicateRequestError', () => {
  it('names the first request: pending (wait or cancel) or active (extend instead)', () => {
    const pending = new DuplicateRequestError(aGrant());
    expect(pending.code).toBe(ErrorCode.RequestPending);
    expect(pending.message).toContain('You already have a pending request for acme-corp:jane@acme.com');
    expect(pending.message).toContain(`${aGrant().shortCode} (OPS-123, requested 2024-03-04T10:00:00.000Z)`);
    expect(pending.message).toContain(`/grant cancel ${aGrant().shortCode}`);
    const active = new DuplicateRequestError(anActiveGrant({ targetUser: null }));
    expect(active.code).toBe(ErrorCode.AlreadyActive);
    expect(active.message).toContain('You already have active access to acme-corp:');
    expect(active.message).toContain('until 2024-03-04T10:35:00.000Z');
    expect(active.message).toContain(`/grant extend ${aGrant().shortCode}`);
    expect(active.details).toEqual({ grantId: aGrant().id, shortCode: aGrant().shortCode, status: 'ACTIVE' });
  });
});

describe('duplicateRequestReply', () => {
  it('pending: names the first with its ticket, when, its card, and how to cancel; no button', () => {
    const first = aGrant();
    const reply = duplicateRequestReply(first, CARD_URL);
    const text = allText(reply.blocks);
    expect(text).toContain('You already have a pending request for *acme-corp* as *jane@acme.com*');
    expect(text).toContain(first.shortCode);
    expect(text).toContain('<!date^1709546400^'); // requested 10:00
    expect(text).toContain('OPS-123');
    expect(text).toContain(`<${CARD_URL}|its approver card>`);
    expect(text).toContain(`/grant cancel ${first.shortCode}`);
    expect(buttons(reply.blocks)).toEqual([]);
    expect(reply.text).toBe(`You already have a pending request for acme-corp (${first.shortCode})`);
  });

  it('active: Extend instead opens the extend modal on the first grant; no card link when Slack gave none', () => {
    const first = anActiveGrant();
    const reply = duplicateRequestReply(first, null);
    const text = allText(reply.blocks);
    expect(text).toContain('You already have access to *acme-corp* as *jane@acme.com*');
    expect(text).toContain('<!date^1709548500^'); // until 10:35
    expect(text).not.toContain('approver card');
    expect(buttons(reply.blocks)).toMatchObject([
      { action_id: 'grant.extend.open', value: first.id, text: { text: 'Extend instead' }, style: 'primary' },
    ]);
  });

  it('active with an extension already waiting: says so, and offers no second one', () => {
    const reply = duplicateRequestReply(hostileGrant(), null);
    expect(allText(reply.blocks)).toContain('already waiting for approval');
    expect(buttons(reply.blocks)).toEqual([]);
  });

  it.each([{ status: 'PENDING' as const }, { status: 'ACTIVE' as const, pendingExtension: null }])(
    'escapes user text and stays within limits (%o)',
    (overrides) => {
      expectEscaped(duplicateRequestReply(hostileGrant(overrides), CARD_URL));
      expect(
        blockErrors(duplicateRequestReply(longGrant(overrides), `${CARD_URL}?${'x'.repeat(3000)}`).blocks),
      ).toEqual([]);
    },
  );
});
