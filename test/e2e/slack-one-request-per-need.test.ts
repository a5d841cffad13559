/**
 * One request per need (DESIGN.md §7): a second request for a tenant and user the requester already has PENDING is
 * refused naming the first; one they hold ACTIVE is refused with **Extend instead**, which opens the extend modal on
 * the first, inline and from the request modal alike. The database decides, so two requests at once store one grant.
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
  until,
} from '../support/slack-e2e-harness.ts';
import { selectedValue, textValue } from '../support/slack-request.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  e2e = await startSlackE2E();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

const REASON = 'Reproduce the invoice export bug as the customer admin';
const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

/** `/grant <text>` by the requester, and the one reply they see. */
async function ask(text: string): Promise<Record<string, unknown>> {
  const sent = await e2e.command(REQUESTER, text);
  return (await e2e.responses(sent.responseUrl))[0]!;
}

async function grantsFor(tenant: string): Promise<{ short_code: string; status: string }[]> {
  const rows = await e2e.db.adminQuery('SELECT short_code, status FROM grants WHERE tenant = $1', [tenant]);
  return rows.rows;
}

async function approve(shortCode: string): Promise<void> {
  const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
  await e2e.click(APPROVER, ActionId.approveGrant, buttonValue(card, ActionId.approveGrant)!, { message: card });
  await e2e.fake.waitFor(() => textOf(e2e.card(shortCode)?.blocks).includes('Approved by'));
}

describe('a second request for a pending need', () => {
  it('is refused naming the first: its ticket, when, a link to its card, and how to cancel it', async () => {
    const first = shortCodeIn(await ask(`pending-corp:jane@pending.test ${TICKET} 30m ${REASON}`));
    const card = await e2e.fake.waitFor(() => e2e.card(first));
    // The card's place is recorded once Slack has answered its post: from then on the refusal can link to it.
    await until(async () => (await e2e.grant(first)).card);
    const again = await ask(`pending-corp:jane@pending.test ${TICKET} 1h Another try at the same export bug`);
    expect(again).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const text = textOf(again);
    expect(text).toContain(`You already have a pending request for *pending-corp* as *jane@pending.test*: ${first}`);
    expect(text).toContain(`/grant cancel ${first}`);
    expect(text).toContain('/browse/OPS-123|OPS-123>');
    const permalink = e2e.fake.calls('chat.getPermalink').find((c) => c.args.message_ts === card.ts);
    expect(permalink?.args.channel).toBe(APPROVER_CHANNEL);
    expect(text).toContain('|its approver card>');
    expect(buttonValue(again as { blocks: unknown[] }, ActionId.openExtendModal)).toBeUndefined();
    expect(await grantsFor('pending-corp')).toEqual([{ short_code: first, status: 'PENDING' }]);
    const cards = e2e.fake
      .messages(APPROVER_CHANNEL)
      .filter((m) => m.text.startsWith('Access request') && textOf(m.blocks).includes('pending-corp'));
    expect(cards.map((m) => m.ts)).toEqual([card.ts]);
  });

  it('another user of the tenant, or the tenant with no user, is a need of its own', async () => {
    const first = shortCodeIn(await ask(`own-corp:jane@own.test ${TICKET} 30m ${REASON}`));
    const other = shortCodeIn(await ask(`own-corp:joe@own.test ${TICKET} 30m ${REASON}`));
    const bare = shortCodeIn(await ask(`own-corp ${TICKET} 30m ${REASON}`));
    expect(new Set([first, other, bare]).size).toBe(3);
    expect(textOf(await ask(`own-corp ${TICKET} 30m ${REASON}`))).toContain(`You already have a pending request`);
    expect(await grantsFor('own-corp')).toHaveLength(3);
  });

  it('two requests at once: the database lets one in, the other is told which', async () => {
    const [a, b] = await Promise.all([
      ask(`race-corp:jane@race.test ${TICKET} 30m ${REASON}`),
      ask(`race-corp:jane@race.test ${TICKET} 45m ${REASON}`),
    ]);
    const stored = await grantsFor('race-corp');
    expect(stored).toHaveLength(1);
    const code = stored[0]!.short_code;
    const texts = [textOf(a), textOf(b)];
    expect(texts.filter((t) => t.includes('You already have a pending request') && t.includes(code))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('waiting for approval') && t.includes(code))).toHaveLength(1);
  });

  it('once the first is decided or cancelled, the need may be asked for again', async () => {
    const first = shortCodeIn(await ask(`again-corp ${TICKET} 30m ${REASON}`));
    expect(textOf(await ask(`cancel ${first}`))).toContain('Cancelled');
    expect((await e2e.grant(first)).status).toBe('CANCELLED');
    const second = shortCodeIn(await ask(`again-corp ${TICKET} 30m ${REASON}`));
    expect(second).not.toBe(first);
    expect(await grantsFor('again-corp')).toHaveLength(2);
  });
});

describe('a request for a need already active', () => {
  it('is refused with Extend instead, which opens the extend modal on the active grant', async () => {
    const first = shortCodeIn(await ask(`active-corp ${TICKET} 30m ${REASON}`));
    await approve(first);
    const id = (await e2e.grant(first)).id;
    const again = (await ask(`active-corp ${TICKET} 1h ${REASON}`)) as { blocks: unknown[] };
    expect(textOf(again)).toContain(`You already have access to *active-corp*: ${first}`);
    expect(textOf(again)).toContain('Extend it instead');
    expect(buttonValue(again, ActionId.openExtendModal)).toBe(id);
    expect(await grantsFor('active-corp')).toEqual([{ short_code: first, status: 'ACTIVE' }]);

    const click = await e2e.click(REQUESTER, ActionId.openExtendModal, id);
    const modal = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.extendModal && v.private_metadata === id),
    );
    expect(e2e.fake.calls('views.open').find((c) => c.args.trigger_id === click.triggerId)?.ok).toBe(true);
    await e2e.submit(REQUESTER, modal, {
      duration: { duration: selectedValue('30m') },
      reason: { reason: textValue('The export needs another half hour') },
    });
    await e2e.fake.waitFor(() =>
      e2e.fake.messages(APPROVER_CHANNEL).find((m) => m.text.startsWith(`Extension request ${first}`)),
    );
  });

  it('from the request modal: the outcome names the grant, and Extend instead stacks the extend modal on it', async () => {
    const first = shortCodeIn(await ask(`modal-corp:jane@modal.test ${TICKET} 30m ${REASON}`));
    await approve(first);
    const id = (await e2e.grant(first)).id;
    await e2e.command(REQUESTER, '');
    const form = await e2e.fake.waitFor(() =>
      e2e.fake
        .views()
        .filter((v) => v.callback_id === CallbackId.requestModal)
        .at(-1),
    );
    await e2e.submit(REQUESTER, form, {
      tenant: { tenant: textValue('modal-corp') },
      target_user: { target_user: textValue('jane@modal.test') },
      ticket: { ticket: textValue(TICKET) },
      reason: { reason: textValue(REASON) },
      duration: { duration: selectedValue('30m') },
    });
    const outcome = await e2e.updatedView(form.id, 'You already have access');
    expect(textOf(outcome.blocks)).toContain(first);
    expect(buttonValue(outcome, ActionId.openExtendModal)).toBe(id);

    const click = await e2e.click(REQUESTER, ActionId.openExtendModal, id, { modal: { id: form.id } });
    await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.extendModal && v.private_metadata === id),
    );
    expect(e2e.fake.calls('views.push').find((c) => c.args.trigger_id === click.triggerId)?.ok).toBe(true);
    expect(await grantsFor('modal-corp')).toEqual([{ short_code: first, status: 'ACTIVE' }]);
  });
});
