/** The fake Slack's Web API: token checks, and messages (posts, updates, threads, DMs, ephemerals) within Slack's limits. */
import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/fake-slack.ts';
import { CHANNEL, clientFor, section, startFakeWorkspace, TOKEN } from '../support/fake-slack-workspace.ts';

describe('fake Slack Web API: authentication and messages', () => {
  let fake: FakeSlack;
  let clock: number;
  let slack: WebClient;

  beforeEach(async () => {
    clock = Date.parse('2024-03-04T10:00:00Z');
    ({ fake, slack } = await startFakeWorkspace(() => clock));
  });

  afterEach(async () => {
    await fake.stop();
  });

  describe('authentication', () => {
    it('refuses calls without a token (not_authed) or with a bad one (invalid_auth)', async () => {
      const response = await fetch(`${fake.url}auth.test`, { method: 'POST' });
      expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
      await expect(clientFor(fake, 'xoxp-user-token').auth.test()).rejects.toMatchObject({
        data: { ok: false, error: 'invalid_auth' },
      });
      expect(fake.calls('auth.test').map((call) => call.error)).toEqual(['not_authed', 'invalid_auth']);
    });

    it('answers auth.test for a bot token', async () => {
      expect(await slack.auth.test()).toMatchObject({
        ok: true,
        team_id: expect.any(String),
        user_id: expect.any(String),
      });
    });

    it('accepts the token in a form field, as Slack does', async () => {
      const response = await fetch(`${fake.url}auth.test`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: TOKEN }).toString(),
      });
      expect(await response.json()).toMatchObject({ ok: true });
    });
  });

  describe('messages', () => {
    it('posts, updates and threads, keeping the current state of each message', async () => {
      const posted = await slack.chat.postMessage({ channel: CHANNEL, text: 'card', blocks: [section('*pending*')] });
      expect(posted).toMatchObject({ ok: true, channel: CHANNEL, message: { text: 'card' } });
      expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);

      const reply = await slack.chat.postMessage({ channel: CHANNEL, text: 'active', thread_ts: posted.ts! });
      expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));

      const updated = await slack.chat.update({
        channel: CHANNEL,
        ts: posted.ts!,
        text: 'card (approved)',
        blocks: [section('*approved*')],
      });
      expect(updated).toMatchObject({ ok: true, channel: CHANNEL, ts: posted.ts });

      const [card, threaded] = fake.messages(CHANNEL);
      expect(card).toMatchObject({ ts: posted.ts, text: 'card (approved)', blocks: [section('*approved*')] });
      expect(card?.edited).toBeDefined();
      expect(threaded).toMatchObject({ text: 'active', thread_ts: posted.ts });
      expect(fake.thread(CHANNEL, posted.ts!)).toHaveLength(1);
      expect(fake.calls('chat.postMessage')[0]?.args).toMatchObject({
        channel: CHANNEL,
        blocks: [section('*pending*')],
      });
    });

    it('keeps blocks on an update that leaves them out', async () => {
      const posted = await slack.chat.postMessage({ channel: CHANNEL, text: 'card', blocks: [section('kept')] });
      await slack.chat.update({ channel: CHANNEL, ts: posted.ts!, text: 'new text' });
      expect(fake.messages(CHANNEL)[0]).toMatchObject({ text: 'new text', blocks: [section('kept')] });
    });

    it('takes JSON bodies as well as form-encoded ones', async () => {
      const response = await fetch(`${fake.url}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ channel: CHANNEL, text: 'json', blocks: [section('json')] }),
      });
      expect(await response.json()).toMatchObject({ ok: true, channel: CHANNEL });
      expect(fake.messages(CHANNEL)[0]).toMatchObject({ text: 'json', blocks: [section('json')] });
    });

    it('refuses unknown channels, unknown messages and empty messages', async () => {
      await expect(slack.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' })).rejects.toMatchObject({
        data: { error: 'channel_not_found' },
      });
      await expect(slack.chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' })).rejects.toMatchObject({
        data: { error: 'message_not_found' },
      });
      await expect(slack.chat.postMessage({ channel: CHANNEL, text: '' })).rejects.toMatchObject({
        data: { error: 'no_text' },
      });
    });

    it('refuses a message of 51 blocks with invalid_blocks and says why', async () => {
      const blocks = Array.from({ length: 51 }, (_, i) => section(`block ${i}`));
      const error = await slack.chat
        .postMessage({ channel: CHANNEL, text: 'too many', blocks })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        data: {
          ok: false,
          error: 'invalid_blocks',
          response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
        },
      });
      expect(fake.messages(CHANNEL)).toEqual([]);
      await expect(
        slack.chat.postMessage({ channel: CHANNEL, text: 'fits', blocks: blocks.slice(0, 50) }),
      ).resolves.toMatchObject({ ok: true });
    });

    it('enforces header, section, fields and text limits', async () => {
      const refusal = (blocks: unknown[]) =>
        slack.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks as never }).catch((e: unknown) => e);
      expect(await refusal([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).toMatchObject({
        data: {
          error: 'invalid_blocks',
          response_metadata: {
            messages: ['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]'],
          },
        },
      });
      expect(await refusal([section('s'.repeat(3001))])).toMatchObject({ data: { error: 'invalid_blocks' } });
      const fields = Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' }));
      expect(await refusal([{ type: 'section', fields }])).toMatchObject({ data: { error: 'invalid_blocks' } });
      await expect(slack.chat.postMessage({ channel: CHANNEL, text: 't'.repeat(40_001) })).rejects.toMatchObject({
        data: { error: 'msg_too_long' },
      });
    });

    it('opens DMs for registered people and posts ephemeral messages', async () => {
      const opened = await slack.conversations.open({ users: 'U0REQUESTER' });
      const dm = opened.channel?.id;
      expect(dm).toMatch(/^D/);
      await slack.chat.postMessage({ channel: dm!, text: 'approved' });
      expect(fake.messages(dm!)).toMatchObject([{ text: 'approved' }]);
      await expect(slack.conversations.open({ users: 'U0STRANGER' })).rejects.toMatchObject({
        data: { error: 'user_not_found' },
      });

      const ephemeral = await slack.chat.postEphemeral({ channel: CHANNEL, user: 'U0REQUESTER', text: 'only you' });
      expect(ephemeral.message_ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(fake.ephemeralMessages({ user: 'U0REQUESTER' })).toMatchObject([{ channel: CHANNEL, text: 'only you' }]);
    });
  });
});
