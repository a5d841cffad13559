/**
 * Who may decide and who may read the trail, in Slack: every refusal says what was wrong and what to do, only to
 * the person concerned, and refusals of who may decide are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  AUDITOR,
  buttonValue,
  GROUP_APPROVER,
  OUTSIDER,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  textOf,
  until,
} from '../support/slack-e2e-harness.ts';
import { answerTo, REASON, requestInline, trail } from '../support/slack-e2e-requests.ts';
import { textValue } from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  e2e = await startSlackE2E({ GRANT_MAX_DURATION: '8h' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

describe('who may decide', () => {
  it('the requester cannot approve their own request: told why, only them, and audited', async () => {
    const { shortCode, id, card } = await requestInline(e2e);
    const click = await e2e.click(REQUESTER, ActionId.approveGrant, id, { message: card });
    const [reply] = await e2e.responses(click.responseUrl);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(reply)).toContain('You cannot approve your own request');
    const refused = (await trail(e2e, id)).find((e) => e.type === 'ACCESS_REFUSED');
    expect(refused?.details).toMatchObject({ attempted: 'approve', code: 'self_approval' });
    // Approvers see the attempt in the card's thread; the card itself still waits for a decision.
    await e2e.fake.waitFor(() => e2e.fake.thread(APPROVER_CHANNEL, card.ts).find((m) => m.text.includes('refused')));
    expect(buttonValue(e2e.card(shortCode), ActionId.approveGrant)).toBe(id);
  });

  it('someone who is not an approver is refused, told whom to ask, and audited', async () => {
    const { id, card } = await requestInline(e2e);
    const click = await e2e.click(OUTSIDER, ActionId.approveGrant, id, { message: card });
    const [reply] = await e2e.responses(click.responseUrl);
    expect(textOf(reply)).toContain('Only approvers can approve');
    expect(textOf(reply)).toContain('approver group');
    expect((await trail(e2e, id)).filter((e) => e.type === 'ACCESS_REFUSED')).toHaveLength(1);
    expect((await e2e.stores.grants.findById(id))?.status).toBe('PENDING');
  });

  it('a refused click on a card that has a thread is shown to the clicker in the channel, not in the thread', async () => {
    const { shortCode, id, card } = await requestInline(e2e);
    await e2e.click(OUTSIDER, ActionId.approveGrant, id, { message: card });
    const threaded = await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now?.reply_count ? now : undefined;
    });

    const refusedAgain = await e2e.click(OUTSIDER, ActionId.approveGrant, id, { message: threaded });
    expect(refusedAgain.response.status).toBe(200);
    const seen = await e2e.fake.waitFor(() =>
      e2e.fake
        .ephemeralMessages({ channel: APPROVER_CHANNEL, user: OUTSIDER })
        .find((m) => m.text.includes('Only approvers')),
    );
    expect(seen.thread_ts).toBeUndefined();
    const own = await e2e.click(REQUESTER, ActionId.approveGrant, id, { message: threaded });
    expect(own.response.status).toBe(200);
    await e2e.fake.waitFor(() =>
      e2e.fake
        .ephemeralMessages({ channel: APPROVER_CHANNEL, user: REQUESTER })
        .find((m) => m.text.includes('You cannot approve your own request') && m.thread_ts === undefined),
    );

    // Already decided: an approver clicking the card as it was before the decision is told so, in the channel.
    await e2e.click(APPROVER, ActionId.approveGrant, id, { message: threaded });
    await until(async () => (await e2e.stores.grants.findById(id))?.status === 'ACTIVE');
    const late = await e2e.click(GROUP_APPROVER, ActionId.approveGrant, id, {
      message: e2e.card(shortCode) ?? threaded,
    });
    expect(late.response.status).toBe(200);
    await e2e.fake.waitFor(() =>
      e2e.fake
        .ephemeralMessages({ channel: APPROVER_CHANNEL, user: GROUP_APPROVER })
        .find((m) => m.thread_ts === undefined),
    );
    // Nothing was said through the response_urls, which Slack would have shown inside the thread.
    expect(e2e.fake.responses(refusedAgain.responseUrl)).toEqual([]);
    expect(e2e.fake.responses(own.responseUrl)).toEqual([]);
    expect(e2e.fake.responses(late.responseUrl)).toEqual([]);
  });

  it('a non-approver cannot deny through the modal either', async () => {
    const { id, card } = await requestInline(e2e);
    await e2e.click(OUTSIDER, ActionId.denyGrant, id, { message: card });
    const modal = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.denyModal && v.private_metadata.includes(id)),
    );
    await e2e.submit(OUTSIDER, modal, { reason: { reason: textValue('I do not like it') } });
    await e2e.fake.waitFor(() =>
      e2e.fake
        .calls('views.update')
        .find((c) => c.args.view_id === modal.id && textOf(c.args.view).includes('Only approvers')),
    );
    expect((await e2e.stores.grants.findById(id))?.status).toBe('PENDING');
  });
});

describe('the trail is for auditors and approvers', () => {
  it('stats and audit are refused to others, shown to auditors and approvers', async () => {
    expect(await answerTo(e2e, OUTSIDER, 'stats')).toContain('Only auditors and approvers');
    expect(await answerTo(e2e, OUTSIDER, 'audit acme-corp')).toContain('Only auditors and approvers');
    expect(await answerTo(e2e, AUDITOR, 'stats')).toContain('Impersonation statistics');
    const { id, card } = await requestInline(e2e);
    await e2e.click(APPROVER, ActionId.approveGrant, id, { message: card });
    await until(async () => (await e2e.stores.grants.findById(id))?.status === 'ACTIVE');
    const audit = await answerTo(e2e, APPROVER, 'audit acme-corp 2020-01-01');
    expect(audit).toContain('Sessions on *acme-corp* since 2020-01-01');
    expect(audit).toContain(REASON);
  });
});
