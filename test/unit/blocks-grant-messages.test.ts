import { describe, expect, it } from 'vitest';
import type { Grant } from '../../src/domain/grant.ts';
import { decisionMessage } from '../../src/slack/blocks/decision-message.ts';
import { endedMessage } from '../../src/slack/blocks/ended-message.ts';
import { expiryWarningMessage } from '../../src/slack/blocks/expiry-warning-message.ts';
import { lifecycleReply } from '../../src/slack/blocks/thread-reply.ts';
import { blockErrors } from '../fakes/block-kit-rules.ts';
import {
  allText,
  buttons,
  expectEscaped,
  HOSTILE,
  HOUR,
  hostileGrant,
  longGrant,
  MINUTE,
  NOW,
  STATUSES,
} from '../support/block-fixture.ts';
import { APPROVER_ID, aGrant, anActiveGrant, REQUESTER_ID } from '../support/grant-fixture.ts';

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
