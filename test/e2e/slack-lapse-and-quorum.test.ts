/**
 * Two deployments' policies end to end: requests nobody decides lapse after PENDING_TTL; with REQUIRED_APPROVALS=2
 * the card counts approvals and stays open until the second distinct approver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  buttonValue,
  GROUP_APPROVER,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';

const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

async function request(e2e: SlackE2E) {
  const sent = await e2e.command(REQUESTER, `acme-corp ${TICKET} 30m Reproduce the export bug for the customer`);
  const shortCode = shortCodeIn((await e2e.responses(sent.responseUrl))[0]);
  const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
  return { shortCode, card, id: buttonValue(card, ActionId.approveGrant)! };
}

describe('a request nobody decides (PENDING_TTL=2s)', () => {
  let e2e: SlackE2E;
  beforeAll(async () => {
    e2e = await startSlackE2E({ PENDING_TTL: '2s' });
  }, 60_000);
  afterAll(async () => e2e?.close(), 30_000);

  it('lapses: the card says so without buttons, the requester is told, a late Approve is refused', async () => {
    const { shortCode, id, card } = await request(e2e);
    const lapsed = await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && textOf(now.blocks).includes('Lapsed') ? now : undefined;
    }, 8_000);
    expect(buttonValue(lapsed, ActionId.approveGrant)).toBeUndefined();
    expect(textOf(lapsed.blocks)).toContain('no decision within 2s');
    await e2e.fake.waitFor(() =>
      e2e.dms(REQUESTER).find((m) => m.text.startsWith(`Lapsed: your request for acme-corp (${shortCode})`)),
    );
    expect((await e2e.grant(shortCode)).status).toBe('LAPSED');

    const click = await e2e.click(APPROVER, ActionId.approveGrant, id, { message: card });
    expect(textOf((await e2e.responses(click.responseUrl))[0])).toContain('lapsed before anyone decided');
  });
});

describe('a quorum of two (REQUIRED_APPROVALS=2)', () => {
  let e2e: SlackE2E;
  beforeAll(async () => {
    e2e = await startSlackE2E({ REQUIRED_APPROVALS: '2' });
  }, 60_000);
  afterAll(async () => e2e?.close(), 30_000);

  it('shows "1 of 2 approvals" and keeps the card open until a second, distinct approver approves', async () => {
    const { shortCode, id, card } = await request(e2e);
    await e2e.click(APPROVER, ActionId.approveGrant, id, { message: card });
    const counted = await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && textOf(now.blocks).includes('1 of 2 approvals') ? now : undefined;
    });
    expect(textOf(counted.blocks)).toContain(`1 of 2 approvals: <@${APPROVER}>`);
    expect(buttonValue(counted, ActionId.approveGrant)).toBe(id);
    expect((await e2e.grant(shortCode)).status).toBe('PENDING');

    const again = await e2e.click(APPROVER, ActionId.approveGrant, id, { message: counted });
    expect(textOf((await e2e.responses(again.responseUrl))[0])).toContain('You already approved');
    expect(textOf((await e2e.responses(again.responseUrl))[0])).toContain('it needs 1 more');

    await e2e.click(GROUP_APPROVER, ActionId.approveGrant, id, { message: counted });
    const approved = await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && !buttonValue(now, ActionId.approveGrant) ? now : undefined;
    });
    expect(textOf(approved.blocks)).toContain(`Approved by <@${APPROVER}>, <@${GROUP_APPROVER}>`);
    expect((await e2e.grant(shortCode)).status).toBe('ACTIVE');
  });
});
