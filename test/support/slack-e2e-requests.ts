/**
 * What the Slack end-to-end tests do again and again beside the harness: request a grant inline and wait for its
 * card, read a grant's short code from what Slack shows, find the DMs about a grant, read what a command answered.
 */
import { expect } from 'vitest';
import { ActionId } from '../../src/slack/blocks/action-ids.ts';
import { aNeed, buttonValue, REQUESTER, type SlackE2E, TICKET, textOf } from './slack-e2e-harness.ts';

export const REASON = 'Reproduce the invoice export bug as the customer admin';

export const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

/**
 * Requests inline and waits for the approver card; returns the grant's short code and id. By default each request is
 * for a need of its own (aNeed), as one request per need would refuse a second for the same tenant and user.
 */
export async function requestInline(e2e: SlackE2E, text = `${aNeed()} ${TICKET} 30m ${REASON}`, userId = REQUESTER) {
  const sent = await e2e.command(userId, text);
  const [outcome] = await e2e.responses(sent.responseUrl);
  const shortCode = shortCodeIn(outcome);
  const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
  return { shortCode, id: buttonValue(card, ActionId.approveGrant) ?? '', card, sent, outcome };
}

/** The DMs to `userId` that speak of the grant `shortCode`. */
export const dmsTo = (e2e: SlackE2E, userId: string, shortCode: string) =>
  e2e.dms(userId).filter((m) => m.text.includes(shortCode));

/** What the app answered to a command, once it has. */
export async function answerTo(e2e: SlackE2E, userId: string, text: string): Promise<string> {
  const sent = await e2e.command(userId, text);
  expect(sent.response.status).toBe(200);
  if (sent.ack?.text?.startsWith(':no_entry:')) return sent.ack.text;
  const [reply] = await e2e.responses(sent.responseUrl);
  return textOf(reply);
}

/** The audit trail of one grant, in order. */
export async function trail(
  e2e: SlackE2E,
  grantId: string,
): Promise<{ type: string; details: Record<string, unknown> }[]> {
  return e2e.stores.audit.byGrant(grantId);
}
