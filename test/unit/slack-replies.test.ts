/**
 * The Slack pieces added with the listeners and the notifier: replies, notices, the extension decision DM, stats
 * and audit answers, refusals in the thread, inline modal errors, extension bounds and Slack's own escaping of
 * command text. Pure; no I/O.
 */
import type { Button, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/app/page.ts';
import type { SessionInfo } from '../../src/app/session-info.ts';
import { formatAverageDuration } from '../../src/domain/average-duration.ts';
import { ErrorCode, GrantdeskError } from '../../src/domain/errors.ts';
import { appHome } from '../../src/slack/blocks/app-home.ts';
import { auditMessage } from '../../src/slack/blocks/audit-message.ts';
import {
  deniedReply,
  extensionRequestedReply,
  revokedReply,
  unchangedReply,
} from '../../src/slack/blocks/command-replies.ts';
import { denyModal, parseDenyModal } from '../../src/slack/blocks/deny-modal.ts';
import { digestMessage } from '../../src/slack/blocks/digest-message.ts';
import { extendModal, extensionBounds } from '../../src/slack/blocks/extend-modal.ts';
import { extensionDecisionMessage } from '../../src/slack/blocks/extension-decision-message.ts';
import { noticeModal } from '../../src/slack/blocks/notice-modal.ts';
import { requestModal } from '../../src/slack/blocks/request-modal.ts';
import { statsMessage } from '../../src/slack/blocks/stats-message.ts';
import { lifecycleReply } from '../../src/slack/blocks/thread-reply.ts';
import { fieldErrors, fieldOf } from '../../src/slack/field-errors.ts';
import { escapeText, unescapeText } from '../../src/slack/mrkdwn.ts';
import { blockErrors, viewErrors } from '../fakes/block-kit-rules.ts';
import { aDigest } from '../support/digest-fixture.ts';
import { APPROVER_ID, aGrant, anActiveGrant } from '../support/grant-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date('2024-03-04T10:30:00Z');
const HOSTILE = '<!channel> <@U123> <http://evil|bank>';
const POLICY = { minDurationMs: 5 * MINUTE, defaultDurationMs: 30 * MINUTE, maxDurationMs: 8 * HOUR };

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

const text = (value: unknown) => JSON.stringify(value);

describe('unescapeText', () => {
  it('undoes the escaping Slack applies to command text, and only that', () => {
    expect(unescapeText('&lt;!channel&gt; &amp; co')).toBe('<!channel> & co');
    // Someone who typed "&lt;" literally: Slack sends &amp;lt;, which stays "&lt;".
    expect(unescapeText('&amp;lt;')).toBe('&lt;');
    expect(unescapeText(escapeText(HOSTILE))).toBe(HOSTILE);
    expect(unescapeText('&quot; &#39;')).toBe('&quot; &#39;');
  });
});

describe('command replies', () => {
  it('escape notes and user text, and fit Slack', () => {
    const note = unchangedReply(`You already approved G-1 (${HOSTILE}).`);
    expectEscaped(note);
    expect(note.text).toContain('&lt;!channel&gt;');
    const grant = anActiveGrant({ tenant: `acme ${HOSTILE}`, endNote: `Because ${HOSTILE}` });
    for (const reply of [revokedReply(grant), deniedReply(grant, 'request'), extensionRequestedReply(grant)]) {
      expectEscaped(reply);
      expect(blockErrors(reply.blocks)).toEqual([]);
    }
  });
});

describe('noticeModal', () => {
  it('is a modal with only a Close button', () => {
    const view = noticeModal('Request access', [{ type: 'section', text: { type: 'mrkdwn', text: 'Checking…' } }]);
    expect(view).not.toHaveProperty('submit');
    expect(view).not.toHaveProperty('callback_id');
    expect(viewErrors(view)).toEqual([]);
  });

  it('request, extend and App Home views can carry a notice on top', () => {
    const notice = ':no_entry: OPS-1 does not exist';
    expect(text(requestModal({ ...POLICY, notice }).blocks[0])).toContain('OPS-1 does not exist');
    expect(text(extendModal(anActiveGrant(), POLICY, notice).blocks[0])).toContain('OPS-1 does not exist');
    const home = appHome({ viewerGrants: [], now: NOW, notice });
    expect(text(home.blocks.slice(0, 2))).toContain('OPS-1 does not exist');
    expect(viewErrors(home)).toEqual([]);
  });
});

describe('denyModal for an extension', () => {
  it('round-trips which extension it denies', () => {
    const view = denyModal('grant-1', 'extension', 'ext-9');
    const values = { reason: { reason: { type: 'plain_text_input', value: 'No' } } };
    expect(parseDenyModal({ private_metadata: view.private_metadata, state: { values } })).toEqual({
      grantId: 'grant-1',
      kind: 'extension',
      extensionId: 'ext-9',
      reason: 'No',
    });
  });
});

describe('extensionBounds', () => {
  const start = new Date('2024-03-04T10:00:00Z');

  it('offers no more than what is left before GRANT_MAX_DURATION, in whole minutes', () => {
    const grant = anActiveGrant({
      startTime: start,
      expiresAt: new Date(start.getTime() + 7 * HOUR + 30 * MINUTE + 7_000),
    });
    expect(extensionBounds(grant, POLICY)).toEqual({
      minDurationMs: 5 * MINUTE,
      defaultDurationMs: 29 * MINUTE,
      maxDurationMs: 29 * MINUTE,
    });
    const lots = anActiveGrant({ startTime: start, expiresAt: new Date(start.getTime() + 30 * MINUTE) });
    expect(extensionBounds(lots, POLICY)).toEqual({ ...POLICY, maxDurationMs: 7 * HOUR + 30 * MINUTE });
  });

  it('keeps a valid select when nothing is left (the use case then explains)', () => {
    const full = anActiveGrant({ startTime: start, expiresAt: new Date(start.getTime() + 8 * HOUR) });
    const bounds = extensionBounds(full, POLICY);
    expect(bounds.maxDurationMs).toBe(1000);
    expect(viewErrors(extendModal(full, bounds))).toEqual([]);
  });
});

describe('extensionDecisionMessage', () => {
  it('approved: the added time, the new expiry, who approved, End now', () => {
    const grant = anActiveGrant();
    const dm = extensionDecisionMessage(grant, { outcome: 'approved', addedMs: 30 * MINUTE, approvers: [APPROVER_ID] });
    expect(text(dm.blocks)).toContain('extended by 30m');
    expect(text(dm.blocks)).toContain(`<@${APPROVER_ID}>`);
    expect(buttons(dm.blocks)).toMatchObject([{ action_id: 'grant.end', value: grant.id }]);
  });

  it('denied: who and why, escaped; no button once the grant is over', () => {
    const grant = anActiveGrant({ status: 'ENDED', endReason: 'NORMAL', tenant: `acme ${HOSTILE}` });
    const dm = extensionDecisionMessage(grant, { outcome: 'denied', by: APPROVER_ID, reason: `No ${HOSTILE}` });
    expect(dm.text).toContain('Extension denied');
    expectEscaped(dm);
    expect(buttons(dm.blocks)).toEqual([]);
    expect(blockErrors(dm.blocks)).toEqual([]);
  });
});

describe('lifecycleReply for a refusal', () => {
  it('names who tried what and why, escaped', () => {
    const reply = lifecycleReply(aGrant(), { kind: 'refused', who: 'U0OUTSIDER', attempted: 'approve', why: HOSTILE });
    expect(text(reply.blocks)).toContain('Refused (approve): <@U0OUTSIDER>');
    expectEscaped(reply);
    const console = lifecycleReply(aGrant(), { kind: 'refused', who: null, attempted: 'use', why: 'not active' });
    expect(text(console.blocks)).toContain('The support console');
  });
});

describe('statsMessage', () => {
  it('shows the figures, the busiest admins (escaped) and the months', () => {
    const admins = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`admin${i}@example.com`, 15 - i]));
    const message = statsMessage({
      totalSessions: 120,
      activeSessions: 3,
      averageDurationMinutes: 17.5,
      sessionsByAdmin: { ...admins, [HOSTILE]: 1 },
      sessionsByMonth: { '2024-01': 50, '2024-02': 70 },
      sessionsByEndReason: { NORMAL: 100, FORCED: 7, EXPIRED: 10 },
    });
    const shown = text(message.blocks);
    expect(shown).toContain('120');
    expect(shown).toContain('*Average duration*\\n18m');
    expect(shown).toContain('admin0@example.com: 15');
    expect(shown).toContain('6 others');
    expect(shown).toContain('2024-02: 70');
    expect(shown).not.toContain('<!channel>');
    expect(blockErrors(message.blocks)).toEqual([]);
  });
});

describe('average duration', () => {
  it('is written the same way by /grant stats and the digest, with its definition', () => {
    const averageMs = 44.87 * 60_000;
    const stats = text(
      statsMessage({
        totalSessions: 4,
        activeSessions: 1,
        averageDurationMinutes: 44.87,
        sessionsByAdmin: {},
        sessionsByMonth: {},
        sessionsByEndReason: { NORMAL: 2, FORCED: 1, EXPIRED: 0 },
      }).blocks,
    );
    const digest = text(digestMessage(aDigest({ averageDurationMs: averageMs })).blocks);
    expect(stats).toContain('*Average duration*\\n45m');
    expect(digest).toContain('*Average duration*\\n45m');
    expect(stats).toContain('start to end, over the sessions that have ended');
    expect(formatAverageDuration(51 * 60_000 + 59_000)).toBe('52m');
    expect(formatAverageDuration(40_400)).toBe('40s');
    expect(formatAverageDuration(null)).toBe('n/a');
  });

  it('is n/a in /grant stats until a session has ended', () => {
    const stats = statsMessage({
      totalSessions: 1,
      activeSessions: 1,
      averageDurationMinutes: 0,
      sessionsByAdmin: {},
      sessionsByMonth: {},
      sessionsByEndReason: { NORMAL: 0, FORCED: 0, EXPIRED: 0 },
    });
    expect(text(stats.blocks)).toContain('*Average duration*\\nn/a');
  });
});

describe('auditMessage', () => {
  const session = (overrides: Partial<SessionInfo> = {}): SessionInfo => ({
    id: '3f2b8c1e-9d4a-4e5b-8c7d-1a2b3c4d5e6f',
    adminUser: 'requester@example.com',
    adminSlackId: 'U0REQUESTER',
    targetUser: `jane ${HOSTILE}`,
    tenant: `acme ${HOSTILE}`,
    reason: `Because ${HOSTILE}`,
    ticketReference: 'OPS-123',
    ticketUrl: 'https://acme.atlassian.net/browse/OPS-123',
    status: 'ENDED',
    ipAddress: null,
    userAgent: null,
    startTime: new Date('2024-03-04T10:05:00Z'),
    endTime: new Date('2024-03-04T10:25:00Z'),
    endReason: 'NORMAL',
    expiresAt: new Date('2024-03-04T10:35:00Z'),
    approvers: ['approver@example.com'],
    actions: [{ action: 'Exported invoices', recordedAt: NOW }],
    ...overrides,
  });
  const page = (content: SessionInfo[], totalElements = content.length): Page<SessionInfo> => ({
    content,
    page: 0,
    size: 20,
    totalElements,
    totalPages: Math.ceil(totalElements / 20),
  });

  it('lists sessions with who, where, when, how it ended and why, escaped', () => {
    const message = auditMessage(page([session()], 45), { tenant: 'acme', since: new Date('2024-01-01T00:00:00Z') });
    const shown = text(message.blocks);
    expect(shown).toContain('Sessions on *acme* since 2024-01-01');
    expect(shown).toContain('requester@example.com');
    expect(shown).toContain('(NORMAL)');
    expect(shown).toContain('20m');
    expect(shown).toContain('1 action recorded');
    expect(shown).toContain('44 more');
    expectEscaped(message);
    expect(blockErrors(message.blocks)).toEqual([]);
  });

  it('says so when there is nothing', () => {
    expect(text(auditMessage(page([]), { tenant: null, since: null }).blocks)).toContain('No sessions on every tenant');
  });
});

describe('fieldErrors', () => {
  it('puts a refusal under the input it is about, tickets included', () => {
    const refuse =
      (code: ErrorCode, details: Record<string, unknown> = {}) =>
      () => {
        throw new GrantdeskError(code, 'no', details);
      };
    expect(fieldErrors(() => undefined)).toBeUndefined();
    expect(fieldErrors(refuse(ErrorCode.InvalidReason, { field: 'reason' }))).toEqual({ reason: 'no' });
    expect(fieldErrors(refuse(ErrorCode.TicketNotAllowed))).toEqual({ ticket: 'no' });
    expect(fieldOf(new GrantdeskError(ErrorCode.TicketClosed, 'closed'))).toBe('ticket');
    expect(() => fieldErrors(refuse(ErrorCode.TrackerUnavailable))).toThrow('no');
    expect(() => fieldErrors(refuse(ErrorCode.InvalidInput, { field: 'sessionId' }))).toThrow('no');
  });
});
