/**
 * Reminders and escalation end to end (DESIGN.md §7), against the fake Slack with signed requests: a request nobody
 * decides gets one reminder in its card's thread mentioning the approvers, then a copy of its card in the escalation
 * channel whose Approve works and which shows the decision; Deny on that copy works as well (both cards, the timers,
 * the trail); a request decided at once gets neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import type { FakeMessage } from '../fakes/fake-slack.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  APPROVER_GROUP,
  aNeed,
  buttonValue,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { textValue } from '../support/slack-request.ts';
import { openTimerJobs } from '../support/timer-jobs.ts';

const ESCALATION_CHANNEL = 'C0ESCALATE';
const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

describe('reminders and escalation (APPROVAL_REMINDER=1s, APPROVAL_ESCALATION=2s)', () => {
  let e2e: SlackE2E;
  beforeAll(async () => {
    e2e = await startSlackE2E({
      APPROVAL_REMINDER: '1s',
      APPROVAL_ESCALATION: '2s',
      ESCALATION_CHANNEL_ID: ESCALATION_CHANNEL,
    });
    e2e.fake.addChannel(ESCALATION_CHANNEL);
  }, 60_000);
  afterAll(async () => e2e?.close(), 30_000);

  async function request() {
    const sent = await e2e.command(REQUESTER, `${aNeed()} ${TICKET} 30m Reproduce the export bug for the customer`);
    const shortCode = shortCodeIn((await e2e.responses(sent.responseUrl))[0]);
    const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
    return { shortCode, card, id: buttonValue(card, ActionId.approveGrant) ?? '' };
  }
  const thread = (card: FakeMessage) => e2e.fake.thread(APPROVER_CHANNEL, card.ts);
  const escalatedCopy = (shortCode: string) =>
    e2e.fake.topLevelMessages(ESCALATION_CHANNEL).find((m) => m.text.includes(`Access request ${shortCode}`));

  it('reminds the approvers once in the thread, escalates once, and Approve on the copy decides both cards', async () => {
    const decidedAtOnce = await request();
    await e2e.click(APPROVER, ActionId.approveGrant, decidedAtOnce.id, { message: decidedAtOnce.card });

    const { shortCode, card, id } = await request();
    const reminder = await e2e.fake.waitFor(() => thread(card).find((m) => m.text.includes('still waiting')));
    expect(reminder.text).toContain(`<!subteam^${APPROVER_GROUP}>`);
    expect(textOf(reminder.blocks)).toContain(`<@${APPROVER}>`);
    expect(textOf(reminder.blocks)).not.toContain(`<@${REQUESTER}>`);
    expect(textOf(reminder.blocks)).toContain(`${shortCode} for acme-corp has waited`);

    const copy = await e2e.fake.waitFor(() => escalatedCopy(shortCode));
    expect(textOf(copy.blocks)).toContain('Escalated:');
    expect(buttonValue(copy, ActionId.approveGrant)).toBe(id);
    expect(buttonValue(copy, ActionId.denyGrant)).toBe(id);
    await e2e.fake.waitFor(() => thread(card).find((m) => textOf(m.blocks).includes(`<#${ESCALATION_CHANNEL}>`)));

    await e2e.click(APPROVER, ActionId.approveGrant, id, { message: copy });
    await e2e.fake.waitFor(() => {
      const now = escalatedCopy(shortCode);
      return now && !buttonValue(now, ActionId.approveGrant) && textOf(now.blocks).includes('Approved by');
    });
    await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && !buttonValue(now, ActionId.approveGrant) ? now : undefined;
    });
    expect((await e2e.grant(shortCode)).status).toBe('ACTIVE');
    await e2e.fake.waitFor(() => thread(card).find((m) => m.text === `${shortCode} is active`));
    const replies = thread(card).map((m) => m.text);
    expect(replies.filter((t) => t.includes('still waiting'))).toHaveLength(1);
    expect(replies.filter((t) => t === `${shortCode} escalated`)).toHaveLength(1);
    expect(e2e.fake.topLevelMessages(ESCALATION_CHANNEL).filter((m) => m.text.includes(shortCode))).toHaveLength(1);

    // The request approved at once was due before this one and is never reminded or escalated after its decision.
    // (On a busy machine its click can land after its own reminder was due, 1 s after the request; a reminder sent
    // while it still waited is right, and is then in the trail before the approval.)
    const first = await e2e.grant(decidedAtOnce.shortCode);
    const trail = (await e2e.stores.audit.byGrant(first.id)).map((event) => event.type);
    const nudges = ['GRANT_APPROVAL_REMINDED', 'GRANT_ESCALATED'];
    const decided = trail.indexOf('IMPERSONATION_START');
    expect(decided).toBeGreaterThan(0);
    expect(trail.slice(decided).filter((type) => nudges.includes(type))).toEqual([]);
    const reminded = trail.filter((type) => type === 'GRANT_APPROVAL_REMINDED').length;
    await e2e.fake.waitFor(() => {
      const replies = thread(decidedAtOnce.card).map((m) => m.text);
      return replies.includes(`${decidedAtOnce.shortCode} is active`) &&
        replies.filter((t) => t.includes('still waiting')).length === reminded
        ? replies
        : undefined;
    });
  });

  it('Deny on the escalated copy denies the request: both cards show it, its timers go, the denial is audited', async () => {
    const { shortCode, card, id } = await request();
    const copy = await e2e.fake.waitFor(() => escalatedCopy(shortCode));
    const grantId = (await e2e.grant(shortCode)).id;
    const timers = await openTimerJobs(e2e.queues);
    try {
      expect(await timers.state(`lapse:${grantId}`)).toBe('delayed');
      const click = await e2e.click(APPROVER, ActionId.denyGrant, id, { message: copy });
      expect(click.response.status).toBe(200);
      const modal = await e2e.fake.waitFor(() =>
        e2e.fake.views().find((v) => v.callback_id === CallbackId.denyModal && v.private_metadata.includes(id)),
      );
      const why = 'Escalated, but the customer withdrew consent';
      const submitted = await e2e.submit(APPROVER, modal, { reason: { reason: textValue(why) } });
      expect(await submitted.json()).toMatchObject({ response_action: 'update' });

      const deniedCopy = await e2e.fake.waitFor(() => {
        const now = escalatedCopy(shortCode);
        return now && textOf(now.blocks).includes('Denied by') ? now : undefined;
      });
      const deniedCard = await e2e.fake.waitFor(() => {
        const now = e2e.card(shortCode);
        return now && textOf(now.blocks).includes('Denied by') ? now : undefined;
      });
      for (const shown of [deniedCopy, deniedCard]) {
        expect(buttonValue(shown, ActionId.approveGrant)).toBeUndefined();
        expect(buttonValue(shown, ActionId.denyGrant)).toBeUndefined();
        expect(textOf(shown.blocks)).toContain(`Denied by <@${APPROVER}>`);
        expect(textOf(shown.blocks)).toContain(why);
      }
      expect(textOf(deniedCopy.blocks)).not.toContain('Escalated:');
      await e2e.fake.waitFor(() =>
        e2e.dms(REQUESTER).find((m) => m.text.startsWith('Denied') && m.text.includes(shortCode)),
      );

      expect((await e2e.grant(shortCode)).status).toBe('DENIED');
      const trail = await e2e.stores.audit.byGrant(grantId);
      expect(trail.map((event) => event.type)).toEqual([
        'GRANT_REQUESTED',
        'GRANT_APPROVAL_REMINDED',
        'GRANT_ESCALATED',
        'GRANT_DENIED',
      ]);
      expect(trail[3]).toMatchObject({ actor: { kind: 'staff', id: APPROVER }, details: { reason: why } });
      // The lapse it was waiting for is cancelled; the reminder and the escalation ran once each and are not pending.
      await expect.poll(() => timers.state(`lapse:${grantId}`)).toBeUndefined();
      for (const nudge of ['remind', 'escalate']) {
        expect([undefined, 'completed']).toContain(await timers.state(`${nudge}:${grantId}`));
      }
      const replies = thread(card).map((m) => m.text);
      expect(replies.filter((t) => t.includes('still waiting'))).toHaveLength(1);
      expect(replies.filter((t) => t === `${shortCode} escalated`)).toHaveLength(1);
      expect(e2e.fake.topLevelMessages(ESCALATION_CHANNEL).filter((m) => m.text.includes(shortCode))).toHaveLength(1);
    } finally {
      await timers.close();
    }
  });
});

// The lapse comes well after the reminder: a reminder that falls due while the request's card is still being posted
// waits for its job's retry (2 s backoff) to reply under the card, and a request decided by then needs no reminder.
describe('a reminded request that then lapses (APPROVAL_REMINDER=1s, PENDING_TTL=6s)', () => {
  let e2e: SlackE2E;
  beforeAll(async () => {
    e2e = await startSlackE2E({ APPROVAL_REMINDER: '1s', PENDING_TTL: '6s' });
  }, 60_000);
  afterAll(async () => e2e?.close(), 30_000);

  it('shows the reminder in the thread, then the lapse on the card, and nothing more', async () => {
    const sent = await e2e.command(REQUESTER, `${aNeed()} ${TICKET} 30m Reproduce the export bug for the customer`);
    const shortCode = shortCodeIn((await e2e.responses(sent.responseUrl))[0]);
    const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
    await e2e.fake.waitFor(() =>
      e2e.fake.thread(APPROVER_CHANNEL, card.ts).find((m) => m.text.includes('still waiting')),
    );
    const lapsed = await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && textOf(now.blocks).includes('Lapsed') ? now : undefined;
    });
    expect(buttonValue(lapsed, ActionId.approveGrant)).toBeUndefined();
    await e2e.fake.waitFor(() =>
      e2e.dms(REQUESTER).find((m) => m.text.startsWith(`Lapsed: your request for acme-corp (${shortCode})`)),
    );
    const grant = await e2e.grant(shortCode);
    expect(grant.status).toBe('LAPSED');
    expect(grant.escalatedAt ?? null).toBeNull();
    const replies = e2e.fake.thread(APPROVER_CHANNEL, card.ts).map((m) => m.text);
    expect(replies.filter((t) => t.includes('still waiting'))).toHaveLength(1);
    const trail = (await e2e.stores.audit.byGrant(grant.id)).map((event) => event.type);
    expect(trail).toEqual(['GRANT_REQUESTED', 'GRANT_APPROVAL_REMINDED', 'GRANT_LAPSED']);
  });
});
