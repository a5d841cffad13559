/**
 * Break-glass end to end (DESIGN.md §7) under a copy of examples/policy, which lets one on-call engineer break glass:
 * `/grant emergency` as Slack sends it, signed; the card in the approver channel and the notice in the compliance
 * channel, each with Review; the review reminder when nobody reviews in time; the review modal, refused to the
 * requester and recorded for an approver. Slack and Jira are the fakes.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  buttonValue,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { selectedValue, textValue } from '../support/slack-request.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
const COMPLIANCE_CHANNEL = 'C0COMPLY';
/** The on-call engineer examples/policy/60-break-glass.cedar lets break glass. */
const ONCALL = 'U0SAMPAT1';
const REASON = 'Checkout is down for every customer <!channel>';

let e2e: SlackE2E;

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'grantdesk-e2e-break-glass-'));
  await cp(EXAMPLES, folder, { recursive: true });
  // Seconds, so the reminder comes while the test waits for it.
  e2e = await startSlackE2E({
    POLICY_DIR: folder,
    COMPLIANCE_CHANNEL_ID: COMPLIANCE_CHANNEL,
    BREAK_GLASS_REVIEW_WITHIN: '2s',
  });
  e2e.fake.addChannel(COMPLIANCE_CHANNEL);
  e2e.fake.addUser({ id: ONCALL, name: 'sam', email: 'sam@example.test' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

/** `/grant …` typed by `userId`: the one reply they see (the ack, or what came to the response_url). */
async function ask(text: string, userId: string): Promise<string> {
  const sent = await e2e.command(userId, text);
  expect(sent.response.status).toBe(200);
  if (sent.ack?.text) return sent.ack.text;
  return textOf((await e2e.responses(sent.responseUrl))[0]);
}

const topLevel = (channel: string, shortCode: string) =>
  e2e.fake.topLevelMessages(channel).find((m) => m.text.startsWith(`Break-glass ${shortCode}`));

describe('break-glass in Slack', () => {
  let shortCode = '';

  it('is refused to whoever policy does not permit, and beyond the maximum, saying why', async () => {
    expect(await ask(`emergency acme-corp ${TICKET} 30m ${REASON}`, REQUESTER)).toContain(
      'No access policy allows break-glass access to acme-corp',
    );
    expect(await ask(`emergency acme-corp ${TICKET} 2h ${REASON}`, ONCALL)).toContain(
      'Break-glass access lasts at most 1h (you asked for 2h)',
    );
    expect(await ask(`emergency acme-corp ${TICKET} ${REASON}`, ONCALL)).toContain('Say for how long, like 30m.');
  });

  it('starts at once and is announced, with Review, in the approver and compliance channels', async () => {
    const reply = await ask(`emergency acme-corp:jane ${TICKET} 20m ${REASON}`, ONCALL);
    expect(reply).toContain('Break-glass');
    shortCode = /G-[0-9A-Z]{6}/.exec(reply)?.[0] ?? '';
    expect((await e2e.grant(shortCode)).status).toBe('ACTIVE');

    for (const channel of [APPROVER_CHANNEL, COMPLIANCE_CHANNEL]) {
      const notice = await e2e.fake.waitFor(() => topLevel(channel, shortCode));
      const text = textOf(notice.blocks);
      expect(text).toContain(`<@${ONCALL}> took access without approval`);
      expect(text).toContain('acme-corp');
      expect(text).toContain('&lt;!channel&gt;');
      expect(text).not.toContain('<!channel>');
      expect(buttonValue(notice, ActionId.openReviewModal)).toBe((await e2e.grant(shortCode)).id);
    }
    const dm = await e2e.fake.waitFor(() => e2e.dms(ONCALL).find((m) => m.text.includes(shortCode)));
    expect(dm.text).toContain('Break-glass: your access to acme-corp');
  });

  it('holds one grant per need: breaking glass again for it is answered with the grant already active', async () => {
    const again = await ask(`emergency acme-corp:jane ${TICKET} 20m ${REASON}`, ONCALL);
    expect(again).toContain('You already have access to *acme-corp* as *jane*');
    expect(again).toContain('Extend instead');
    expect(again).toContain(shortCode);
  });

  it('reminds the approvers in the card’s thread when nobody reviews it in time', async () => {
    const card = await e2e.fake.waitFor(() => topLevel(APPROVER_CHANNEL, shortCode));
    const reminder = await e2e.fake.waitFor(() =>
      e2e.fake
        .messages(APPROVER_CHANNEL)
        .find((m) => m.thread_ts === card.ts && m.ts !== card.ts && m.text.includes('not yet reviewed')),
    );
    expect(textOf(reminder.blocks)).toContain(`Reminder: the break-glass ${shortCode}`);
  });

  it('is reviewed from its card by an approver, not by the requester; a flag needs a note', async () => {
    const grantId = (await e2e.grant(shortCode)).id;
    const card = await e2e.fake.waitFor(() => topLevel(APPROVER_CHANNEL, shortCode));
    const reviewModals = () => e2e.fake.views().filter((v) => v.callback_id === CallbackId.reviewModal);
    const openModal = async (userId: string) => {
      const seen = new Set(reviewModals().map((v) => v.id));
      const click = await e2e.click(userId, ActionId.openReviewModal, grantId, { message: card });
      expect(click.response.status).toBe(200);
      const modal = await e2e.fake.waitFor(() => reviewModals().find((v) => !seen.has(v.id)));
      expect(JSON.parse(modal.private_metadata)).toEqual({ grantId });
      return modal;
    };
    const verdict = (outcome: string, note: string) => ({
      review_outcome: { review_outcome: selectedValue(outcome) },
      review_note: { review_note: textValue(note) },
    });

    const own = await openModal(ONCALL);
    await e2e.submit(ONCALL, own, verdict('acknowledged', ''));
    expect(textOf((await e2e.updatedView(own.id, 'cannot review your own')).blocks)).toContain(shortCode);

    const modal = await openModal(APPROVER);
    const noNote = await e2e.submit(APPROVER, modal, verdict('flagged', ''));
    expect(await noNote.json()).toEqual({
      response_action: 'errors',
      errors: { review_note: 'Say why you flag it: compliance follows this up.' },
    });
    await e2e.submit(APPROVER, modal, verdict('flagged', 'No incident ticket was open <@U0REQUESTER>'));
    await e2e.updatedView(modal.id, 'Flagged by');

    for (const channel of [APPROVER_CHANNEL, COMPLIANCE_CHANNEL]) {
      const reviewed = await e2e.fake.waitFor(() => {
        const notice = topLevel(channel, shortCode);
        return notice && textOf(notice.blocks).includes(`Flagged by <@${APPROVER}>`) ? notice : undefined;
      });
      expect(buttonValue(reviewed, ActionId.openReviewModal)).toBeUndefined();
      expect(textOf(reviewed.blocks)).toContain('No incident ticket was open &lt;@U0REQUESTER&gt;');
    }
    const trail = (await e2e.stores.audit.byGrant(grantId)).map((e) => e.type);
    expect(trail).toEqual(['GRANT_BREAK_GLASS', 'IMPERSONATION_START', 'ACCESS_REFUSED', 'GRANT_REVIEWED']);
  });
});
