/**
 * The Slack notifier against the fake Slack Web API and a real database: delivery is at least once and in any order,
 * so a repeated or early delivery must neither post twice nor show a stale state; Slack refusing for good is a
 * PermanentDeliveryError (logged), which the notify job turns into a failure without retries (UnrecoverableError);
 * a rate limit is thrown for the job to retry.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notifyProcessor } from '../../jobs/processors/notify-processor.ts';
import {
  EXPIRY_WARNING,
  expiryWarningEventId,
  type Notification,
  PermanentDeliveryError,
} from '../../src/domain/notification.ts';
import { createLogger } from '../../src/logger.ts';
import { SlackNotifier } from '../../src/slack/slack-notifier.ts';
import { SlackPoster } from '../../src/slack/slack-poster.ts';
import { slackWebClient } from '../../src/slack/slack-web-client.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import { aRequest, createHarness, type Harness, staff } from '../support/services-harness.ts';

const CHANNEL = 'C0APPROVERS';
const REQUESTER = 'UREQUESTER';

let h: Harness;
let fake: FakeSlack;
let logLines: string[];

beforeAll(async () => {
  h = await createHarness({ approvalReminderMs: 60 * 60_000 });
});

afterAll(async () => {
  await h.db.drop();
});

beforeEach(async () => {
  await fake?.stop();
  fake = await startFakeSlack();
  fake.addChannel(CHANNEL).addUser({ id: REQUESTER, name: 'requester' });
  logLines = [];
});

function notifier(approverChannelId = CHANNEL): SlackNotifier {
  const logger = createLogger('error', { write: (line: string) => void logLines.push(line) });
  const client = slackWebClient({ botToken: 'xoxb-test', apiUrl: fake.url, logger: createLogger('silent') });
  return new SlackNotifier({
    poster: new SlackPoster(client, h.stores.slackDeliveries),
    grants: h.stores.grants,
    audit: h.stores.audit,
    deliveries: h.stores.slackDeliveries,
    attachCard: h.services.attachCard,
    cards: h.stores.approverCards,
    approverChannelId,
    approvers: { userIds: [], usergroupId: undefined },
    policy: h.policy,
    clock: h.clock,
    logger,
  });
}

async function requested() {
  const { grant, events } = await h.services.requestGrant(aRequest());
  return { grant, notification: { grantId: grant.id, eventId: events[0]!.id, type: events[0]!.type } };
}

async function approved(grantId: string) {
  const change = await h.services.approveGrant({ grantId, approver: staff('UAPPROVER1') });
  const start = change.events.find((e) => e.type === 'IMPERSONATION_START')!;
  return { grantId, eventId: start.id, type: start.type };
}

const topLevel = () => fake.messages(CHANNEL).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
const dms = () => fake.messages(fake.dmChannelOf(REQUESTER));

describe('the approver card', () => {
  it('is posted once when GRANT_REQUESTED is delivered twice at once: the duplicate is deleted', async () => {
    const { grant, notification } = await requested();
    const slack = notifier();
    await Promise.all([slack.notify(notification), slack.notify(notification)]);
    const cards = topLevel();
    expect(cards).toHaveLength(1);
    expect(fake.calls('chat.postMessage').length - fake.calls('chat.delete').length).toBe(1);
    const stored = await h.stores.grants.findById(grant.id);
    expect(stored?.card).toEqual({ channelId: CHANNEL, messageTs: cards[0]!.ts });
  });

  it('delivered again later, is updated in place, never posted twice', async () => {
    const { notification } = await requested();
    const slack = notifier();
    await slack.notify(notification);
    await slack.notify(notification);
    expect(topLevel()).toHaveLength(1);
    expect(fake.calls('chat.update')).toHaveLength(1);
  });

  it('shows the current state when a decision is delivered before the request', async () => {
    const { grant, notification } = await requested();
    const start = await approved(grant.id);
    const slack = notifier();
    await slack.notify(start);
    await slack.notify(notification);
    const [card] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(JSON.stringify(card?.blocks)).toContain('Approved by');
    expect(JSON.stringify(card?.blocks)).not.toContain('grant.approve');
    // The thread reply found the card that the same job had just posted.
    expect(fake.thread(CHANNEL, card!.ts)).toHaveLength(1);
  });
});

describe('DMs and thread replies', () => {
  it('are sent once per event however often the event is delivered', async () => {
    const { grant, notification } = await requested();
    const slack = notifier();
    await slack.notify(notification);
    const start = await approved(grant.id);
    await slack.notify(start);
    await slack.notify(start);
    expect(dms().filter((m) => m.text.startsWith('Approved'))).toHaveLength(1);
    expect(fake.thread(CHANNEL, topLevel()[0]!.ts)).toHaveLength(1);

    const warning: Notification = {
      grantId: grant.id,
      eventId: expiryWarningEventId(grant.id, 1),
      type: EXPIRY_WARNING,
    };
    await slack.notify(warning);
    await slack.notify(warning);
    expect(dms().filter((m) => m.text.includes('expires in'))).toHaveLength(1);
  });

  it('an extension card is posted once per extension, even when two deliveries race', async () => {
    const { grant, notification } = await requested();
    const slack = notifier();
    await slack.notify(notification);
    await approved(grant.id);
    const asked = await h.services.extendGrant({
      grantId: grant.id,
      actor: staff(REQUESTER),
      durationMs: 15 * 60_000,
      reason: 'The export takes longer than planned',
    });
    const event = asked.events[0]!;
    const delivery = { grantId: grant.id, eventId: event.id, type: event.type };
    await Promise.all([slack.notify(delivery), slack.notify(delivery)]);
    expect(topLevel().filter((m) => m.text.startsWith('Extension request'))).toHaveLength(1);
  });
});

describe('a reminder delivered before the request’s card', () => {
  it('fails for its job to retry, posting nothing; the retry after the card is posted replies in its thread', async () => {
    const { grant, notification } = await requested();
    h.clock.advance(60 * 60_000 + 1);
    const reminded = (await h.services.nudgePendingGrant({ grantId: grant.id, nudge: 'remind' })).events[0]!;
    const delivery = { grantId: grant.id, eventId: reminded.id, type: reminded.type };
    const slack = notifier();
    const early = await slack.notify(delivery).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(Error);
    expect(early).not.toBeInstanceOf(PermanentDeliveryError);
    expect(fake.messages(CHANNEL)).toHaveLength(0);
    await slack.notify(notification);
    await slack.notify(delivery);
    const cards = topLevel();
    expect(cards).toHaveLength(1);
    expect(fake.thread(CHANNEL, cards[0]!.ts).map((m) => m.text)).toEqual([
      expect.stringContaining(`${grant.shortCode} is still waiting for a decision`),
    ]);
  });
});

describe('Slack errors', () => {
  it('a permanent refusal is a PermanentDeliveryError and is logged; the other steps still run', async () => {
    const { grant } = await requested();
    const start = await approved(grant.id);
    const failure = await notifier('C0NOSUCHCHANNEL')
      .notify(start)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentDeliveryError);
    expect((failure as PermanentDeliveryError).refusals).toContain('channel_not_found');
    expect((failure as Error).message).toContain('channel_not_found');
    expect(logLines.join('\n')).toContain('Slack refused a notification');
    expect(dms().filter((m) => m.text.startsWith('Approved'))).toHaveLength(1);
  });

  it('the notify job turns a permanent refusal into a failure without retries (UnrecoverableError)', async () => {
    const { grant } = await requested();
    const start = await approved(grant.id);
    const processor = notifyProcessor({ notifier: notifier('C0NOSUCHCHANNEL') });
    const failure = await processor({ data: start } as Job).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect((failure as Error).message).toContain('channel_not_found');
  });

  it('a rate limit is thrown as it is, for the job to retry with backoff; the retry posts', async () => {
    const { notification } = await requested();
    fake.rateLimit('chat.postMessage', 0);
    const failure = await notifier()
      .notify(notification)
      .catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(PermanentDeliveryError);
    expect((failure as { code?: string }).code).toBe('slack_webapi_rate_limited_error');
    fake.rateLimit('chat.postMessage', null);
    await notifier().notify(notification);
    expect(topLevel()).toHaveLength(1);
  });

  it('a grant that does not exist is a permanent failure of its own', async () => {
    const failure = await notifier()
      .notify({ grantId: '00000000-0000-4000-8000-000000000000', eventId: 'e', type: 'GRANT_REQUESTED' })
      .catch((error: unknown) => error);
    expect((failure as { code?: string }).code).toBe('grant_not_found');
  });
});
