/**
 * Slack's redeliveries and double clicks change nothing twice, and requests not signed by Slack (forged or
 * replayed) never reach a listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  OUTSIDER,
  REQUESTER,
  SIGNING_SECRET,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { REASON, requestInline, shortCodeIn, trail } from '../support/slack-e2e-requests.ts';
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
    const { shortCode, id, card } = await requestInline(e2e);
    const clicks = await Promise.all([
      e2e.click(APPROVER, ActionId.approveGrant, id, { message: card }),
      e2e.click(APPROVER, ActionId.approveGrant, id, { message: card }, { retryNum: 1 }),
    ]);
    const reply = await e2e.fake.waitFor(() => clicks.flatMap((click) => e2e.fake.responses(click.responseUrl))[0]);
    expect(textOf(reply.body)).toContain('You already approved');
    const types = (await trail(e2e, id)).map((e) => e.type);
    expect(types.filter((t) => t === 'GRANT_APPROVAL_ADDED')).toHaveLength(1);
    expect(types.filter((t) => t === 'IMPERSONATION_START')).toHaveLength(1);
    // One DM to the requester, however often the decision was clicked.
    const approvedDm = (m: { text: string }) => m.text.startsWith(`Approved: your access to acme-corp (${shortCode})`);
    await e2e.fake.waitFor(() => e2e.dms(REQUESTER).find(approvedDm));
    await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Approved by'));
    expect(e2e.dms(REQUESTER).filter(approvedDm)).toHaveLength(1);
  });

  it('the deny modal submitted twice denies once', async () => {
    const { id, card } = await requestInline(e2e);
    await e2e.click(APPROVER, ActionId.denyGrant, id, { message: card });
    const modal = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.denyModal && v.private_metadata.includes(id)),
    );
    const values = { reason: { reason: textValue('Not without the customer consent') } };
    await Promise.all([e2e.submit(APPROVER, modal, values), e2e.submit(APPROVER, modal, values, { retryNum: 1 })]);
    await e2e.fake.waitFor(() => e2e.fake.calls('views.update').filter((c) => c.args.view_id === modal.id).length >= 2);
    expect((await trail(e2e, id)).filter((e) => e.type === 'GRANT_DENIED')).toHaveLength(1);
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
