/**
 * A grant's way through Slack as staff and approvers live it: `/grant` inline, the approver card and its Approve
 * button, the DMs and the thread, the expiry warning and End now; and the request modal. The real app
 * (startGrantdesk) over HTTP, real Postgres and queues, the fake Slack and Jira; requests signed as Slack signs them.
 */
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
import { dmsTo, REASON, shortCodeIn } from '../support/slack-e2e-requests.ts';
import { selectedValue, textValue } from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  // A 6-second grant is warned 4 seconds before it expires: time enough to click End now in the warning.
  e2e = await startSlackE2E({ EXPIRY_WARNING: '4s' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

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
      dmsTo(e2e, REQUESTER, shortCode).find((m) => m.text.startsWith('Approved')),
    );
    expect(buttonValue(decision, ActionId.endGrant)).toBe(grantId);
    await e2e.fake.waitFor(() =>
      e2e.fake.thread(APPROVER_CHANNEL, approved.ts).find((m) => m.text.includes('is active')),
    );
    expect((await e2e.grant(shortCode)).status).toBe('ACTIVE');

    // Four seconds before expiry: the warning, with Extend and End now.
    const warning = await e2e.fake.waitFor(
      () => dmsTo(e2e, REQUESTER, shortCode).find((m) => m.text.includes('expires in')),
      8_000,
    );
    expect(buttonValue(warning, ActionId.openExtendModal)).toBe(grantId);
    expect(buttonValue(warning, ActionId.endGrant)).toBe(grantId);

    await e2e.click(REQUESTER, ActionId.endGrant, grantId, { message: warning });
    const ended = await e2e.fake.waitFor(() =>
      dmsTo(e2e, REQUESTER, shortCode).find((m) => m.text.startsWith('Ended')),
    );
    expect(textOf(ended.blocks)).toContain('ended by you');
    await e2e.fake.waitFor(() => e2e.fake.thread(APPROVER_CHANNEL, approved.ts).find((m) => m.text.includes('ended')));
    expect(await e2e.grant(shortCode)).toMatchObject({ status: 'ENDED', endReason: 'NORMAL' });

    // The approval and the warning no longer offer Extend or End now: they say what happened instead.
    for (const earlier of [decision, warning]) {
      const now = await e2e.fake.waitFor(() =>
        dmsTo(e2e, REQUESTER, shortCode).find((m) => m.ts === earlier.ts && !buttonValue(m, ActionId.endGrant)),
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
    // A tenant of its own: the test above left a request for acme-corp waiting, and a second would be refused for that.
    await e2e.submit(REQUESTER, opened, {
      tenant: { tenant: textValue('nope-corp') },
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
