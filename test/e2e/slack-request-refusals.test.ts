/**
 * Requests Slack cannot grant: a ticket Jira does not know or has closed, Jira down, a duration without a unit or
 * out of bounds, a grant id that is unknown or not one's own. Each refusal says what was wrong and what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVER,
  APPROVER_CHANNEL,
  aNeed,
  CLOSED_TICKET,
  OUTSIDER,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { answerTo, REASON, requestInline } from '../support/slack-e2e-requests.ts';

let e2e: SlackE2E;

beforeAll(async () => {
  e2e = await startSlackE2E({ GRANT_MAX_DURATION: '8h' });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

describe('requests that cannot be granted', () => {
  it('a ticket Jira does not know, or one that is closed', async () => {
    expect(await answerTo(e2e, REQUESTER, `${aNeed()} NOPE-404 30m ${REASON}`)).toMatch(
      /NOPE-404.*(does not exist|cannot see)/,
    );
    expect(await answerTo(e2e, REQUESTER, `${aNeed()} ${CLOSED_TICKET} 30m ${REASON}`)).toContain('is Done; reopen it');
  });

  it('Jira down: nothing is granted and the requester is asked to try again; the ack never waits for Jira', async () => {
    // Jira answers nothing until released: the ack comes back meanwhile, so it cannot have waited for Jira.
    const release = e2e.jira.holdAnswers();
    e2e.jira.failNext(3, { status: 503 });
    const sent = await e2e.command(REQUESTER, `${aNeed()} ${TICKET} 30m ${REASON}`);
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
    expect(await answerTo(e2e, REQUESTER, `acme-corp ${TICKET} 99h ${REASON}`)).toContain('outside the allowed range');
    expect(await answerTo(e2e, REQUESTER, `acme-corp 30m ${REASON}`)).toContain('Give the Jira ticket');
    expect(await answerTo(e2e, REQUESTER, `acme-corp ${TICKET} 30m too short`)).toContain('10–500 characters');
  });

  it('an unknown or malformed grant id', async () => {
    expect(await answerTo(e2e, REQUESTER, 'end G-ZZZZZZ')).toContain('There is no grant G-ZZZZZZ');
    expect(await answerTo(e2e, REQUESTER, 'cancel not-a-code!')).toContain('is not a grant id');
    expect(await answerTo(e2e, APPROVER, 'revoke G-ZZZZZZ')).toContain('Say which grant and why');
    expect(await answerTo(e2e, REQUESTER, 'extend G-ZZZZZZ forever please')).toContain('how much longer and why');
  });

  it('someone else cannot end, cancel or revoke a grant', async () => {
    const { shortCode } = await requestInline(e2e);
    expect(await answerTo(e2e, OUTSIDER, `cancel ${shortCode}`)).toContain('Only the requester can cancel');
    expect(await answerTo(e2e, OUTSIDER, `revoke ${shortCode} Because I can`)).toContain('Only approvers can revoke');
  });
});
