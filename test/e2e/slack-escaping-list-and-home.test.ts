/**
 * What Slack shows of user text (as typed, pinging nobody), `/grant help` and `/grant list`, and App Home for
 * requesters, approvers and auditors. The real app over HTTP against the fake Slack and Jira.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  AUDITOR,
  buttonValue,
  OUTSIDER,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { requestInline, shortCodeIn } from '../support/slack-e2e-requests.ts';
import { appHomeOpenedBody, selectedValue, textValue } from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  e2e = await startSlackE2E();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

describe('escaping', () => {
  const HOSTILE = '<!channel> <@U0OUTSIDER> <http://evil.example|bank>';

  it('user text is shown as typed and pings nobody, inline (escaped by Slack) and from the modal (raw)', async () => {
    // Slack escapes &, < and > in a slash command's text; the app stores what was typed.
    const slackEscaped = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const { shortCode } = await requestInline(e2e, `acme-corp ${TICKET} 30m Because ${slackEscaped} & more`);
    expect((await e2e.grant(shortCode)).reason).toBe(`Because ${HOSTILE} & more`);
    const card = e2e.card(shortCode)!;
    const shown = `${card.text}\n${textOf(card.blocks)}`;
    expect(shown).toContain('&lt;!channel&gt; &lt;@U0OUTSIDER&gt; &lt;http://evil.example|bank&gt; &amp; more');
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<@U0OUTSIDER>');
    expect(shown).not.toContain('<http://evil');

    // Modal inputs arrive as typed, unescaped.
    await e2e.command(REQUESTER, '');
    const opened = await e2e.fake.waitFor(() =>
      e2e.fake
        .views()
        .filter((v) => v.callback_id === CallbackId.requestModal)
        .at(-1),
    );
    await e2e.submit(REQUESTER, opened, {
      tenant: { tenant: textValue('acme-corp') },
      target_user: { target_user: textValue('jane@acme.test') },
      ticket: { ticket: textValue(TICKET) },
      reason: { reason: textValue(`Modal ${HOSTILE}`) },
      duration: { duration: selectedValue('30m') },
    });
    const updated = await e2e.fake.waitFor(() =>
      e2e.fake
        .calls('views.update')
        .find((c) => c.args.view_id === opened.id && textOf(c.args.view).includes('waiting')),
    );
    const fromModal = await e2e.fake.waitFor(() => e2e.card(shortCodeIn(updated.args.view)));
    expect(`${fromModal.text}\n${textOf(fromModal.blocks)}`).toContain('Modal &lt;!channel&gt;');
    expect(`${fromModal.text}\n${textOf(fromModal.blocks)}`).not.toContain('<!channel>');
  });
});

describe('/grant list, help and App Home', () => {
  it('help documents every form; list shows your grants with their buttons', async () => {
    const help = await e2e.command(OUTSIDER, 'help');
    for (const form of ['/grant list', '/grant end', '/grant revoke', '/grant extend', '/grant audit']) {
      expect(textOf(help.ack)).toContain(form);
    }
    const list = await e2e.command(OUTSIDER, 'list');
    expect(textOf((await e2e.responses(list.responseUrl))[0])).toContain('You have no grants');
  });

  it('App Home: own grants for everyone, the pending queue for approvers, the week for auditors', async () => {
    const { shortCode, id } = await requestInline(e2e);
    for (const user of [REQUESTER, APPROVER, AUDITOR]) {
      expect((await e2e.post(appHomeOpenedBody(user), { contentType: 'application/json' })).status).toBe(200);
    }
    const mine = await e2e.fake.waitFor(() => e2e.fake.homeView(REQUESTER));
    expect(textOf(mine.blocks)).toContain(shortCode);
    expect(textOf(mine.blocks)).not.toContain('Waiting for approval');
    const approverHome = await e2e.fake.waitFor(() => e2e.fake.homeView(APPROVER));
    expect(textOf(approverHome.blocks)).toContain('Waiting for approval');
    expect(buttonValue(approverHome, ActionId.approveGrant)).toBeDefined();
    const auditorHome = await e2e.fake.waitFor(() => e2e.fake.homeView(AUDITOR));
    expect(textOf(auditorHome.blocks)).toContain('This week');
    expect(textOf(auditorHome.blocks)).not.toContain('Waiting for approval');

    // Approving from the Home tab re-renders it and closes the channel card.
    const before = e2e.fake.calls('views.publish').length;
    await e2e.click(APPROVER, ActionId.approveGrant, id, { home: true });
    await e2e.fake.waitFor(() => e2e.fake.calls('views.publish').length > before);
    await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Approved by'));
  });
});
