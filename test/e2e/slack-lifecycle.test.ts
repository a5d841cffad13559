/**
 * The Slack experience end to end, as staff and approvers live it: `/grant` inline and through the modal, the
 * approver card and its buttons, the DMs, the thread, App Home. The real app (startGrantdesk) over HTTP, real
 * Postgres and queues, the fake Slack and Jira; requests signed as Slack signs them.
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
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { appHomeOpenedBody, selectedValue, textValue } from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  // A 6-second grant is warned 4 seconds before it expires: time enough to click End now in the warning.
  e2e = await startSlackE2E({ EXPIRY_WARNING: '4s' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

const REASON = 'Reproduce the invoice export bug as the customer admin';
const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

/** Requests inline and waits for the approver card; returns the grant's short code and id. */
async function requestInline(text = `acme-corp ${TICKET} 30m ${REASON}`, userId = REQUESTER) {
  const sent = await e2e.command(userId, text);
  const [outcome] = await e2e.responses(sent.responseUrl);
  const shortCode = shortCodeIn(outcome);
  const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
  return { shortCode, id: buttonValue(card, ActionId.approveGrant) ?? '', card, sent, outcome };
}

const dmsTo = (userId: string, shortCode: string) => e2e.dms(userId).filter((m) => m.text.includes(shortCode));

describe('request inline → approve → active → expiry warning → End now', () => {
  it('tells each person what they need, in the right place, at each step', async () => {
    const sent = await e2e.command(REQUESTER, `acme-corp:jane@acme.test ${TICKET} 6s ${REASON}`);
    expect(sent.response.status).toBe(200);
    // Slack cannot replace a command's own message through its response_url: the ack shows nothing, and the
    // requester's one reply is the outcome, with the duration they asked for.
    expect(sent.ack).toBeNull();
    const [outcome] = await e2e.responses(sent.responseUrl);
    expect(outcome).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(outcome)).toContain('waiting for approval');
    expect(textOf(outcome)).toContain('*Duration:* 6s');
    const shortCode = shortCodeIn(outcome);

    // The card: requester, tenant and target, ticket with link, summary and status, duration, reason, two buttons.
    const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
    expect(e2e.fake.responses(sent.responseUrl)).toHaveLength(1);
    const cardText = textOf(card.blocks);
    for (const expected of [`<@${REQUESTER}>`, 'acme-corp', 'jane@acme.test', '/browse/OPS-123|OPS-123>']) {
      expect(cardText).toContain(expected);
    }
    expect(cardText).toContain('Invoice export fails (_In Progress_)');
    expect(cardText).toContain('6s');
    expect(cardText).toContain(REASON);
    const grantId = buttonValue(card, ActionId.approveGrant)!;
    expect(buttonValue(card, ActionId.denyGrant)).toBe(grantId);
    expect(cardText).toContain('Approve access?'); // the confirm dialog

    const click = await e2e.click(APPROVER, ActionId.approveGrant, grantId, { message: card });
    expect(click.response.status).toBe(200);

    // The card loses its buttons and says who approved; the requester is DMed with End now; the thread says active.
    const approved = await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && !buttonValue(now, ActionId.approveGrant) ? now : undefined;
    });
    expect(textOf(approved.blocks)).toContain(`Approved by <@${APPROVER}>`);
    const decision = await e2e.fake.waitFor(() =>
      dmsTo(REQUESTER, shortCode).find((m) => m.text.startsWith('Approved')),
    );
    expect(buttonValue(decision, ActionId.endGrant)).toBe(grantId);
    await e2e.fake.waitFor(() =>
      e2e.fake.thread(APPROVER_CHANNEL, approved.ts).find((m) => m.text.includes('is active')),
    );
    expect((await e2e.grant(shortCode)).status).toBe('ACTIVE');

    // Four seconds before expiry: the warning, with Extend and End now.
    const warning = await e2e.fake.waitFor(
      () => dmsTo(REQUESTER, shortCode).find((m) => m.text.includes('expires in')),
      8_000,
    );
    expect(buttonValue(warning, ActionId.openExtendModal)).toBe(grantId);
    expect(buttonValue(warning, ActionId.endGrant)).toBe(grantId);

    await e2e.click(REQUESTER, ActionId.endGrant, grantId, { message: warning });
    const ended = await e2e.fake.waitFor(() => dmsTo(REQUESTER, shortCode).find((m) => m.text.startsWith('Ended')));
    expect(textOf(ended.blocks)).toContain('ended by you');
    await e2e.fake.waitFor(() => e2e.fake.thread(APPROVER_CHANNEL, approved.ts).find((m) => m.text.includes('ended')));
    expect(await e2e.grant(shortCode)).toMatchObject({ status: 'ENDED', endReason: 'NORMAL' });

    // The approval and the warning no longer offer Extend or End now: they say what happened instead.
    for (const earlier of [decision, warning]) {
      const now = await e2e.fake.waitFor(() =>
        dmsTo(REQUESTER, shortCode).find((m) => m.ts === earlier.ts && !buttonValue(m, ActionId.endGrant)),
      );
      expect(buttonValue(now, ActionId.openExtendModal)).toBeUndefined();
      expect(textOf(now.blocks)).toContain('has ended');
      expect(textOf(now.blocks)).toContain('ended by you');
    }
  });
});

describe('the request modal', () => {
  it('opens on /grant, shows wrong fields inline, and reports the request in the modal', async () => {
    const sent = await e2e.command(REQUESTER, '');
    expect(sent.response.status).toBe(200);
    const opened = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.requestModal),
    );
    expect(textOf(opened.blocks)).toContain('Duration');

    const values = (fields: { tenant?: string; ticket?: string; reason?: string; duration?: string }) => ({
      tenant: { tenant: textValue(fields.tenant ?? 'acme-corp') },
      target_user: { target_user: textValue(null) },
      ticket: { ticket: textValue(fields.ticket ?? TICKET) },
      reason: { reason: textValue(fields.reason ?? REASON) },
      duration: { duration: selectedValue(fields.duration ?? '30m') },
    });
    const refused = await e2e.submit(REQUESTER, opened, values({ tenant: 'acme corp!', ticket: 'nope', reason: 'x' }));
    const errors = (await refused.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors)).toEqual(['tenant']);
    const badTicket = await (await e2e.submit(REQUESTER, opened, values({ ticket: 'nope' }))).json();
    expect(badTicket).toEqual({ response_action: 'errors', errors: { ticket: expect.stringContaining('OPS-123') } });
    const badReason = await (await e2e.submit(REQUESTER, opened, values({ reason: 'too short' }))).json();
    expect(badReason).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('10') } });
    const badDuration = await (await e2e.submit(REQUESTER, opened, values({ duration: '99h' }))).json();
    expect(badDuration).toMatchObject({ response_action: 'errors', errors: { duration: expect.any(String) } });

    const accepted = await e2e.submit(REQUESTER, opened, values({}));
    const ack = (await accepted.json()) as { response_action: string; view: unknown };
    expect(ack.response_action).toBe('update');
    expect(textOf(ack.view)).toContain('Checking OPS-123');
    const updated = await e2e.fake.waitFor(() =>
      e2e.fake.calls('views.update').find((c) => textOf(c.args.view).includes('waiting for approval')),
    );
    expect(updated.args.view_id).toBe(opened.id);
    await e2e.fake.waitFor(() => e2e.card(shortCodeIn(updated.args.view)));
  });

  it('a Jira refusal brings the form back, filled in, with the reason on top', async () => {
    await e2e.command(REQUESTER, '');
    const opened = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.requestModal && !textOf(v.blocks).includes('NOPE')),
    );
    await e2e.submit(REQUESTER, opened, {
      tenant: { tenant: textValue('acme-corp') },
      ticket: { ticket: textValue('NOPE-404') },
      reason: { reason: textValue(REASON) },
      duration: { duration: selectedValue('30m') },
    });
    const view = await e2e.updatedView(opened.id, 'NOPE-404');
    expect(view.callback_id).toBe(CallbackId.requestModal);
    expect(textOf(view.blocks)).toContain(':no_entry:');
    expect(textOf(view.blocks)).toContain(REASON);
  });
});

describe('deny', () => {
  it('opens the reason modal at once, requires a reason, and closes the card with who, when and why', async () => {
    const { shortCode, id, card } = await requestInline();
    const click = await e2e.click(APPROVER, ActionId.denyGrant, id, { message: card });
    const modal = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.denyModal && v.private_metadata.includes(id)),
    );
    // Opened with the click's trigger id, which the fake honours for 3 seconds only.
    const open = e2e.fake.calls('views.open').find((c) => c.args.trigger_id === click.triggerId);
    expect(open?.ok).toBe(true);

    const blank = await e2e.submit(APPROVER, modal, { reason: { reason: textValue('   ') } });
    expect(await blank.json()).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });

    const why = 'Use the staging tenant for this one';
    const submitted = await e2e.submit(APPROVER, modal, { reason: { reason: textValue(why) } });
    expect(await submitted.json()).toMatchObject({ response_action: 'update' });
    await e2e.fake.waitFor(() =>
      e2e.fake.calls('views.update').find((c) => c.args.view_id === modal.id && textOf(c.args.view).includes('Denied')),
    );
    const denied = await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && textOf(now.blocks).includes('Denied by') ? now : undefined;
    });
    expect(buttonValue(denied, ActionId.approveGrant)).toBeUndefined();
    expect(textOf(denied.blocks)).toContain(`Denied by <@${APPROVER}>`);
    expect(textOf(denied.blocks)).toContain(why);
    const dm = await e2e.fake.waitFor(() => dmsTo(REQUESTER, shortCode).find((m) => m.text.startsWith('Denied')));
    expect(textOf(dm.blocks)).toContain(why);
    expect((await e2e.grant(shortCode)).status).toBe('DENIED');
  });
});

describe('cancel', () => {
  it('/grant cancel withdraws a pending request; the card and the requester are told', async () => {
    const { shortCode } = await requestInline();
    const sent = await e2e.command(REQUESTER, `cancel ${shortCode.toLowerCase()}`);
    const [reply] = await e2e.responses(sent.responseUrl);
    expect(textOf(reply)).toContain('Cancelled');
    await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Cancelled by the requester'));
    await e2e.fake.waitFor(() => dmsTo(REQUESTER, shortCode).find((m) => m.text.startsWith('Cancelled')));
    expect((await e2e.grant(shortCode)).status).toBe('CANCELLED');
  });

  it('the Cancel button in /grant list does the same', async () => {
    const { shortCode, id } = await requestInline();
    const sent = await e2e.command(REQUESTER, 'list');
    const [list] = await e2e.responses(sent.responseUrl);
    expect(textOf(list)).toContain(shortCode);
    expect(buttonValue(list as { blocks: unknown[] }, ActionId.cancelGrant)).toBeDefined();
    await e2e.click(REQUESTER, ActionId.cancelGrant, id);
    await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Cancelled by the requester'));
  });
});

describe('revoke', () => {
  it('an approver (here through the user group) ends an active grant with a reason', async () => {
    const { shortCode, id, card } = await requestInline();
    await e2e.click(GROUP_APPROVER, ActionId.approveGrant, id, { message: card });
    await e2e.fake.waitFor(() => dmsTo(REQUESTER, shortCode).find((m) => m.text.startsWith('Approved')));
    expect(e2e.fake.calls('usergroups.users.list').length).toBeGreaterThan(0);

    const sent = await e2e.command(APPROVER, `revoke ${shortCode} Customer withdrew consent`);
    const [reply] = await e2e.responses(sent.responseUrl);
    expect(textOf(reply)).toContain(`Revoked ${shortCode}`);
    const dm = await e2e.fake.waitFor(() => dmsTo(REQUESTER, shortCode).find((m) => m.text.startsWith('Ended')));
    expect(textOf(dm.blocks)).toContain(`revoked by <@${APPROVER}>: Customer withdrew consent`);
    await e2e.fake.waitFor(() => e2e.fake.thread(APPROVER_CHANNEL, card.ts).find((m) => m.text.includes('ended')));
    expect(await e2e.grant(shortCode)).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
  });
});

describe('escaping', () => {
  const HOSTILE = '<!channel> <@U0OUTSIDER> <http://evil.example|bank>';

  it('user text is shown as typed and pings nobody, inline (escaped by Slack) and from the modal (raw)', async () => {
    // Slack escapes &, < and > in a slash command's text; the app stores what was typed.
    const slackEscaped = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const { shortCode } = await requestInline(`acme-corp ${TICKET} 30m Because ${slackEscaped} & more`);
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
    const { shortCode, id } = await requestInline();
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
