/**
 * The ways a grant closes early in Slack: an approver denies it through the reason modal, the requester cancels it
 * (command or button), an approver revokes it once active. The real app over HTTP against the fake Slack and Jira.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  buttonValue,
  GROUP_APPROVER,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { dmsTo, requestInline } from '../support/slack-e2e-requests.ts';
import { textValue } from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  e2e = await startSlackE2E();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

describe('deny', () => {
  it('opens the reason modal at once, requires a reason, and closes the card with who, when and why', async () => {
    const { shortCode, id, card } = await requestInline(e2e);
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
    const dm = await e2e.fake.waitFor(() => dmsTo(e2e, REQUESTER, shortCode).find((m) => m.text.startsWith('Denied')));
    expect(textOf(dm.blocks)).toContain(why);
    expect((await e2e.grant(shortCode)).status).toBe('DENIED');
  });
});

describe('cancel', () => {
  it('/grant cancel withdraws a pending request; the card and the requester are told', async () => {
    const { shortCode } = await requestInline(e2e);
    const sent = await e2e.command(REQUESTER, `cancel ${shortCode.toLowerCase()}`);
    const [reply] = await e2e.responses(sent.responseUrl);
    expect(textOf(reply)).toContain('Cancelled');
    await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Cancelled by the requester'));
    await e2e.fake.waitFor(() => dmsTo(e2e, REQUESTER, shortCode).find((m) => m.text.startsWith('Cancelled')));
    expect((await e2e.grant(shortCode)).status).toBe('CANCELLED');
  });

  it('the Cancel button in /grant list does the same', async () => {
    const { shortCode, id } = await requestInline(e2e);
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
    const { shortCode, id, card } = await requestInline(e2e);
    await e2e.click(GROUP_APPROVER, ActionId.approveGrant, id, { message: card });
    await e2e.fake.waitFor(() => dmsTo(e2e, REQUESTER, shortCode).find((m) => m.text.startsWith('Approved')));
    expect(e2e.fake.calls('usergroups.users.list').length).toBeGreaterThan(0);

    const sent = await e2e.command(APPROVER, `revoke ${shortCode} Customer withdrew consent`);
    const [reply] = await e2e.responses(sent.responseUrl);
    expect(textOf(reply)).toContain(`Revoked ${shortCode}`);
    const dm = await e2e.fake.waitFor(() => dmsTo(e2e, REQUESTER, shortCode).find((m) => m.text.startsWith('Ended')));
    expect(textOf(dm.blocks)).toContain(`revoked by <@${APPROVER}>: Customer withdrew consent`);
    await e2e.fake.waitFor(() => e2e.fake.thread(APPROVER_CHANNEL, card.ts).find((m) => m.text.includes('ended')));
    expect(await e2e.grant(shortCode)).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
  });
});
