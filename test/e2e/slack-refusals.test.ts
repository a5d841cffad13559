/**
 * Every refusal in Slack says what was wrong and what to do, only to the person concerned; refusals of who may
 * decide are audited. Slack's redeliveries and double clicks change nothing twice, and requests not signed by Slack
 * (forged or replayed) never reach a listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  AUDITOR,
  buttonValue,
  CLOSED_TICKET,
  GROUP_APPROVER,
  OUTSIDER,
  REQUESTER,
  SIGNING_SECRET,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
  until,
} from '../support/slack-e2e-harness.ts';
import {
  appHomeOpenedBody,
  type SlackSignatureHeaders,
  signSlackRequest,
  slashCommandBody,
  textValue,
} from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  e2e = await startSlackE2E({ GRANT_MAX_DURATION: '8h' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

const REASON = 'Reproduce the invoice export bug as the customer admin';
const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

async function requestInline(text = `acme-corp ${TICKET} 30m ${REASON}`) {
  const sent = await e2e.command(REQUESTER, text);
  const [outcome] = await e2e.responses(sent.responseUrl);
  const shortCode = shortCodeIn(outcome);
  const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
  return { shortCode, id: buttonValue(card, ActionId.approveGrant) ?? '', card };
}

/** What the app answered to a command, once it has. */
async function answerTo(userId: string, text: string): Promise<string> {
  const sent = await e2e.command(userId, text);
  expect(sent.response.status).toBe(200);
  if (sent.ack?.text?.startsWith(':no_entry:')) return sent.ack.text;
  const [reply] = await e2e.responses(sent.responseUrl);
  return textOf(reply);
}

async function trail(grantId: string): Promise<{ type: string; details: Record<string, unknown> }[]> {
  return e2e.stores.audit.byGrant(grantId);
}

describe('who may decide', () => {
  it('the requester cannot approve their own request: told why, only them, and audited', async () => {
    const { shortCode, id, card } = await requestInline();
    const click = await e2e.click(REQUESTER, ActionId.approveGrant, id, { message: card });
    const [reply] = await e2e.responses(click.responseUrl);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(reply)).toContain('You cannot approve your own request');
    const refused = (await trail(id)).find((e) => e.type === 'ACCESS_REFUSED');
    expect(refused?.details).toMatchObject({ attempted: 'approve', code: 'self_approval' });
    // Approvers see the attempt in the card's thread; the card itself still waits for a decision.
    await e2e.fake.waitFor(() => e2e.fake.thread(APPROVER_CHANNEL, card.ts).find((m) => m.text.includes('refused')));
    expect(buttonValue(e2e.card(shortCode), ActionId.approveGrant)).toBe(id);
  });

  it('someone who is not an approver is refused, told whom to ask, and audited', async () => {
    const { id, card } = await requestInline();
    const click = await e2e.click(OUTSIDER, ActionId.approveGrant, id, { message: card });
    const [reply] = await e2e.responses(click.responseUrl);
    expect(textOf(reply)).toContain('Only approvers can approve');
    expect(textOf(reply)).toContain('approver group');
    expect((await trail(id)).filter((e) => e.type === 'ACCESS_REFUSED')).toHaveLength(1);
    expect((await e2e.stores.grants.findById(id))?.status).toBe('PENDING');
  });

  it('a refused click on a card that has a thread is shown to the clicker in the channel, not in the thread', async () => {
    const { shortCode, id, card } = await requestInline();
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
    const { id, card } = await requestInline();
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

describe('requests that cannot be granted', () => {
  it('a ticket Jira does not know, or one that is closed', async () => {
    expect(await answerTo(REQUESTER, `acme-corp NOPE-404 30m ${REASON}`)).toMatch(
      /NOPE-404.*(does not exist|cannot see)/,
    );
    expect(await answerTo(REQUESTER, `acme-corp ${CLOSED_TICKET} 30m ${REASON}`)).toContain('is Done; reopen it');
  });

  it('Jira down: nothing is granted and the requester is asked to try again; the ack never waits for Jira', async () => {
    // Jira answers nothing until released: the ack comes back meanwhile, so it cannot have waited for Jira.
    const release = e2e.jira.holdAnswers();
    e2e.jira.failNext(3, { status: 503 });
    const sent = await e2e.command(REQUESTER, `acme-corp ${TICKET} 30m ${REASON}`);
    expect(sent.ack).toBeNull();
    expect(await e2e.responses(sent.responseUrl, 0)).toEqual([]);
    release();
    const [reply] = await e2e.responses(sent.responseUrl);
    expect(textOf(reply)).toContain(':no_entry:');
    expect(textOf(reply)).toMatch(/try again/i);
    e2e.jira.reset();
  });

  it('a number without a unit is refused with a hint, not read as the reason with the default duration', async () => {
    const sent = await e2e.command(REQUESTER, `acme-corp ${TICKET} 45 Investigate the export for the customer`);
    expect(sent.ack).toEqual({
      response_type: 'ephemeral',
      text: expect.stringContaining('45 needs a unit: 45m or 45h?'),
    });
    expect(e2e.fake.responses(sent.responseUrl)).toEqual([]);
    expect(
      e2e.fake.messages(APPROVER_CHANNEL).filter((m) => textOf(m.blocks).includes('Investigate the export')),
    ).toEqual([]);
  });

  it('a duration outside the bounds, a missing ticket or tenant: the usage comes back at once', async () => {
    expect(await answerTo(REQUESTER, `acme-corp ${TICKET} 99h ${REASON}`)).toContain('outside the allowed range');
    expect(await answerTo(REQUESTER, `acme-corp 30m ${REASON}`)).toContain('Give the Jira ticket');
    expect(await answerTo(REQUESTER, `acme-corp ${TICKET} 30m too short`)).toContain('10–500 characters');
  });

  it('an unknown or malformed grant id', async () => {
    expect(await answerTo(REQUESTER, 'end G-ZZZZZZ')).toContain('There is no grant G-ZZZZZZ');
    expect(await answerTo(REQUESTER, 'cancel not-a-code!')).toContain('is not a grant id');
    expect(await answerTo(APPROVER, 'revoke G-ZZZZZZ')).toContain('Say which grant and why');
    expect(await answerTo(REQUESTER, 'extend G-ZZZZZZ forever please')).toContain('how much longer and why');
  });

  it('someone else cannot end, cancel or revoke a grant', async () => {
    const { shortCode } = await requestInline();
    expect(await answerTo(OUTSIDER, `cancel ${shortCode}`)).toContain('Only the requester can cancel');
    expect(await answerTo(OUTSIDER, `revoke ${shortCode} Because I can`)).toContain('Only approvers can revoke');
  });
});

describe('the trail is for auditors and approvers', () => {
  it('stats and audit are refused to others, shown to auditors and approvers', async () => {
    expect(await answerTo(OUTSIDER, 'stats')).toContain('Only auditors and approvers');
    expect(await answerTo(OUTSIDER, 'audit acme-corp')).toContain('Only auditors and approvers');
    expect(await answerTo(AUDITOR, 'stats')).toContain('Impersonation statistics');
    const { id, card } = await requestInline();
    await e2e.click(APPROVER, ActionId.approveGrant, id, { message: card });
    await until(async () => (await e2e.stores.grants.findById(id))?.status === 'ACTIVE');
    const audit = await answerTo(APPROVER, 'audit acme-corp 2020-01-01');
    expect(audit).toContain('Sessions on *acme-corp* since 2020-01-01');
    expect(audit).toContain(REASON);
  });
});

describe('redeliveries and double clicks', () => {
  it('a command Slack delivers again (X-Slack-Retry-Num) makes one grant', async () => {
    const triggerId = e2e.fake.issueTriggerId(REQUESTER);
    const text = `retry-corp ${TICKET} 30m ${REASON}`;
    const first = await e2e.command(REQUESTER, text, { triggerId });
    const again = await e2e.command(REQUESTER, text, { triggerId, retryNum: 1, retryReason: 'http_timeout' });
    const [a] = await e2e.responses(first.responseUrl);
    const [b] = await e2e.responses(again.responseUrl);
    expect(shortCodeIn(a)).toBe(shortCodeIn(b));
    const rows = await e2e.db.adminQuery("SELECT count(*) FROM grants WHERE tenant = 'retry-corp'");
    expect(Number(rows.rows[0]?.count)).toBe(1);
    await e2e.fake.waitFor(() => e2e.card(shortCodeIn(a)));
    const cards = e2e.fake
      .messages(APPROVER_CHANNEL)
      .filter((m) => m.text.startsWith(`Access request ${shortCodeIn(a)}`));
    expect(cards).toHaveLength(1);
  });

  it('a modal submission delivered twice makes one grant', async () => {
    await e2e.command(REQUESTER, '');
    const opened = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.requestModal),
    );
    const values = {
      tenant: { tenant: textValue('twice-corp') },
      ticket: { ticket: textValue(TICKET) },
      reason: { reason: textValue(REASON) },
    };
    await Promise.all([e2e.submit(REQUESTER, opened, values), e2e.submit(REQUESTER, opened, values, { retryNum: 1 })]);
    await e2e.fake.waitFor(
      () => e2e.fake.calls('views.update').filter((c) => c.args.view_id === opened.id).length >= 2,
    );
    const rows = await e2e.db.adminQuery("SELECT count(*) FROM grants WHERE tenant = 'twice-corp'");
    expect(Number(rows.rows[0]?.count)).toBe(1);
  });

  it('Approve clicked twice at once approves once; the second click is told it already did', async () => {
    const { shortCode, id, card } = await requestInline();
    const clicks = await Promise.all([
      e2e.click(APPROVER, ActionId.approveGrant, id, { message: card }),
      e2e.click(APPROVER, ActionId.approveGrant, id, { message: card }, { retryNum: 1 }),
    ]);
    const reply = await e2e.fake.waitFor(() => clicks.flatMap((click) => e2e.fake.responses(click.responseUrl))[0]);
    expect(textOf(reply.body)).toContain('You already approved');
    const types = (await trail(id)).map((e) => e.type);
    expect(types.filter((t) => t === 'GRANT_APPROVAL_ADDED')).toHaveLength(1);
    expect(types.filter((t) => t === 'IMPERSONATION_START')).toHaveLength(1);
    // One DM to the requester, however often the decision was clicked.
    const approvedDm = (m: { text: string }) => m.text.startsWith(`Approved: your access to acme-corp (${shortCode})`);
    await e2e.fake.waitFor(() => e2e.dms(REQUESTER).find(approvedDm));
    await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Approved by'));
    expect(e2e.dms(REQUESTER).filter(approvedDm)).toHaveLength(1);
  });

  it('the deny modal submitted twice denies once', async () => {
    const { id, card } = await requestInline();
    await e2e.click(APPROVER, ActionId.denyGrant, id, { message: card });
    const modal = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.denyModal && v.private_metadata.includes(id)),
    );
    const values = { reason: { reason: textValue('Not without the customer consent') } };
    await Promise.all([e2e.submit(APPROVER, modal, values), e2e.submit(APPROVER, modal, values, { retryNum: 1 })]);
    await e2e.fake.waitFor(() => e2e.fake.calls('views.update').filter((c) => c.args.view_id === modal.id).length >= 2);
    expect((await trail(id)).filter((e) => e.type === 'GRANT_DENIED')).toHaveLength(1);
  });

  it('an app_home_opened event delivered again publishes the same Home tab, changing nothing', async () => {
    const body = appHomeOpenedBody(OUTSIDER, { eventId: 'EvRETRY0001' });
    expect((await e2e.post(body, { contentType: 'application/json' })).status).toBe(200);
    expect((await e2e.post(body, { contentType: 'application/json', retryNum: 1 })).status).toBe(200);
    await e2e.fake.waitFor(
      () => e2e.fake.calls('views.publish').filter((c) => c.args.user_id === OUTSIDER).length >= 2,
    );
    expect(textOf(e2e.fake.homeView(OUTSIDER)?.blocks)).toContain('You have no grants yet');
  });
});

describe('signatures', () => {
  const body = () => slashCommandBody({ user_id: REQUESTER, text: `forged-corp ${TICKET} 30m ${REASON}` });
  const post = (headers: Partial<Record<string, string>> | SlackSignatureHeaders, payload: string) =>
    fetch(new URL('/slack/events', e2e.appUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: payload,
    });

  it('refuses a forged signature, a stale timestamp, a tampered body and a missing signature with 401', async () => {
    const payload = body();
    const forged = await post(signSlackRequest('not-the-secret', payload), payload);
    expect(forged.status).toBe(401);
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const stale = await post(signSlackRequest(SIGNING_SECRET, payload, tenMinutesAgo), payload);
    expect(stale.status).toBe(401);
    const tampered = await post(
      signSlackRequest(SIGNING_SECRET, payload),
      payload.replace('forged-corp', 'other-corp'),
    );
    expect(tampered.status).toBe(401);
    expect((await post({}, payload)).status).toBe(401);
    const rows = await e2e.db.adminQuery("SELECT count(*) FROM grants WHERE tenant IN ('forged-corp', 'other-corp')");
    expect(Number(rows.rows[0]?.count)).toBe(0);
  });

  it('accepts the same request signed correctly', async () => {
    const payload = body();
    const response = await post(signSlackRequest(SIGNING_SECRET, payload), payload);
    expect(response.status).toBe(200);
  });
});
