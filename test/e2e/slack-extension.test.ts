/**
 * Extensions end to end: asked with `/grant extend` or the Extend button, decided on a card of their own in the
 * approver channel, never past GRANT_MAX_DURATION from the start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  aNeed,
  buttonValue,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { selectedValue, textValue } from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  e2e = await startSlackE2E({ GRANT_MAX_DURATION: '1h' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

const MINUTE = 60_000;
const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

/** An approved grant for `need` (a tenant, or a tenant and user: one grant per need may be open at a time). */
async function activeGrant(duration: string, need = 'acme-corp') {
  const sent = await e2e.command(REQUESTER, `${need} ${TICKET} ${duration} Reproduce the export bug for the customer`);
  const shortCode = shortCodeIn((await e2e.responses(sent.responseUrl))[0]);
  const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
  const id = buttonValue(card, ActionId.approveGrant)!;
  await e2e.click(APPROVER, ActionId.approveGrant, id, { message: card });
  await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Approved by'));
  return { shortCode, id, card: e2e.card(shortCode)! };
}

/** The extension cards of a grant, oldest first, as they are now. */
const extensionCards = (shortCode: string) =>
  e2e.fake.messages(APPROVER_CHANNEL).filter((m) => m.text.startsWith(`Extension request ${shortCode}`));

describe('an extension', () => {
  it('is asked, shown on its own card, approved, and moves the expiry; past the maximum it is refused', async () => {
    const { shortCode, id, card } = await activeGrant('20m');
    const before = (await e2e.grant(shortCode)).expiresAt!;

    const sent = await e2e.command(REQUESTER, `extend ${shortCode} 30m Export still running, need more time`);
    const asked = textOf((await e2e.responses(sent.responseUrl))[0]);
    expect(asked).toContain(`Asked approvers to extend ${shortCode} (*acme-corp*) by 30m`);
    const extension = await e2e.fake.waitFor(() => extensionCards(shortCode)[0]);
    expect(extension.thread_ts).toBeUndefined(); // a card of its own in the channel
    const value = buttonValue(extension, ActionId.approveExtension)!;
    expect(value).toMatch(new RegExp(`^${id}:`));
    expect(textOf(extension.blocks)).toContain('Export still running');

    await e2e.click(APPROVER, ActionId.approveExtension, value, { message: extension });
    const decided = await e2e.fake.waitFor(() => {
      const now = extensionCards(shortCode)[0];
      return now && textOf(now.blocks).includes('Extension approved by') ? now : undefined;
    });
    expect(buttonValue(decided, ActionId.approveExtension)).toBeUndefined();
    const dm = await e2e.fake.waitFor(() =>
      e2e.dms(REQUESTER).find((m) => m.text.startsWith(`Extended: your access to acme-corp (${shortCode})`)),
    );
    expect(textOf(dm.blocks)).toContain('extended by 30m');
    await e2e.fake.waitFor(() =>
      e2e.fake.thread(APPROVER_CHANNEL, card.ts).find((m) => m.text.includes('extended by 30m')),
    );
    expect((await e2e.grant(shortCode)).expiresAt!.getTime() - before.getTime()).toBe(30 * MINUTE);

    // 20m + 30m granted; GRANT_MAX_DURATION is 1h: 10m more at most.
    const tooLong = await e2e.command(REQUESTER, `extend ${shortCode} 30m Still more to do on the export`);
    expect(textOf((await e2e.responses(tooLong.responseUrl))[0])).toContain('can be extended by 10m at most');
    expect(extensionCards(shortCode)).toHaveLength(1);
  });

  it('the Extend button opens a modal bounded by what is left; a denial closes the card and tells the requester', async () => {
    const { shortCode, id } = await activeGrant('50m', aNeed());
    const click = await e2e.click(REQUESTER, ActionId.openExtendModal, id);
    const modal = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.extendModal && v.private_metadata === id),
    );
    expect(e2e.fake.calls('views.open').find((c) => c.args.trigger_id === click.triggerId)?.ok).toBe(true);
    const offered = textOf(modal.blocks);
    expect(offered).toContain('10 minutes');
    expect(offered).not.toContain('30 minutes');

    const reason = { reason: { reason: textValue('The export needs ten more minutes') } };
    await e2e.submit(REQUESTER, modal, { duration: { duration: selectedValue('2h') }, ...reason });
    const refused = await e2e.fake.waitFor(() =>
      e2e.fake
        .calls('views.update')
        .find((c) => c.args.view_id === modal.id && textOf(c.args.view).includes('at most')),
    );
    expect((refused.args.view as { callback_id: string }).callback_id).toBe(CallbackId.extendModal);

    await e2e.submit(REQUESTER, modal, { duration: { duration: selectedValue('10m') }, ...reason });
    const extension = await e2e.fake.waitFor(() => extensionCards(shortCode)[0]);
    await e2e.click(APPROVER, ActionId.denyExtension, buttonValue(extension, ActionId.denyExtension)!, {
      message: extension,
    });
    const deny = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.denyModal && v.private_metadata.includes(id)),
    );
    await e2e.submit(APPROVER, deny, { reason: { reason: textValue('Wrap it up within the hour') } });
    const closed = await e2e.fake.waitFor(() => {
      const now = extensionCards(shortCode)[0];
      return now && textOf(now.blocks).includes('Extension denied by') ? now : undefined;
    });
    expect(textOf(closed.blocks)).toContain('Wrap it up within the hour');
    const dm = await e2e.fake.waitFor(() =>
      e2e.dms(REQUESTER).find((m) => m.text.startsWith(`Extension denied: your access to acme-corp (${shortCode})`)),
    );
    expect(textOf(dm.blocks)).toContain('Wrap it up within the hour');
    expect((await e2e.grant(shortCode)).pendingExtension).toBeNull();
  });
});
