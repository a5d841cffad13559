import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRequestModal } from '../../src/slack/blocks/request-modal.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import {
  blockActionsBody,
  postToSlackEndpoint,
  selectedValue,
  signSlackRequest,
  slashCommandBody,
  textValue,
  viewSubmissionBody,
} from '../support/slack-request.ts';

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0APPROVERS';

/** WebClient logs Slack's `response_metadata.messages` as errors; the refusals here are the point, not noise. */
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function clientFor(fake: FakeSlack, token = TOKEN): WebClient {
  // No retries: a refusal should surface at once, as the assertion.
  return new WebClient(token, { slackApiUrl: fake.url, logger: quiet, retryConfig: { retries: 0 } });
}

function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

describe('fake Slack Web API', () => {
  let fake: FakeSlack;
  let clock: number;
  let slack: WebClient;

  beforeEach(async () => {
    clock = Date.parse('2024-03-04T10:00:00Z');
    fake = await startFakeSlack({ clock: () => clock });
    fake.addChannel(CHANNEL);
    fake.addUser({ id: 'U0REQUESTER', name: 'riley', email: 'riley@example.com' });
    slack = clientFor(fake);
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

  describe('views', () => {
    const modal = {
      type: 'modal' as const,
      callback_id: 'grant.request',
      title: { type: 'plain_text' as const, text: 'Request access' },
      submit: { type: 'plain_text' as const, text: 'Request' },
      blocks: [
        {
          type: 'input' as const,
          block_id: 'tenant',
          label: { type: 'plain_text' as const, text: 'Tenant' },
          element: { type: 'plain_text_input' as const, action_id: 'tenant' },
        },
      ],
    };

    it('opens a modal once per trigger_id, and updates it', async () => {
      const trigger = fake.issueTriggerId('U0REQUESTER');
      const opened = await slack.views.open({ trigger_id: trigger, view: modal });
      expect(opened.view).toMatchObject({
        id: expect.stringMatching(/^V/),
        callback_id: 'grant.request',
        type: 'modal',
      });
      await expect(slack.views.open({ trigger_id: trigger, view: modal })).rejects.toMatchObject({
        data: { error: 'invalid_trigger_id' },
      });
      await expect(slack.views.open({ trigger_id: '1.2.unknown', view: modal })).rejects.toMatchObject({
        data: { error: 'invalid_trigger_id' },
      });

      const updated = await slack.views.update({
        view_id: opened.view!.id!,
        hash: opened.view!.hash!,
        view: { ...modal, private_metadata: 'grant-1' },
      });
      expect(updated.view).toMatchObject({ id: opened.view!.id, private_metadata: 'grant-1' });
      await expect(
        slack.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal }),
      ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
      expect(fake.views()).toMatchObject([{ id: opened.view!.id, user_id: 'U0REQUESTER' }]);
    });

    it('pushes views onto an open modal, three deep at most, as Slack does', async () => {
      const root = await slack.views.open({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal });
      const pushed = await slack.views.push({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal });
      expect(pushed.view).toMatchObject({ previous_view_id: root.view!.id, root_view_id: root.view!.id });
      await slack.views.push({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal });
      await expect(
        slack.views.push({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal }),
      ).rejects.toMatchObject({ data: { error: 'push_limit_reached' } });
      await expect(slack.views.push({ trigger_id: fake.issueTriggerId('U0OTHER'), view: modal })).rejects.toMatchObject(
        { data: { error: 'view_not_found' } },
      );
      expect(fake.views()).toHaveLength(3);
    });

    it('expires a trigger_id after 3 seconds', async () => {
      const fresh = fake.issueTriggerId();
      const stale = fake.issueTriggerId();
      clock += 2999;
      await expect(slack.views.open({ trigger_id: fresh, view: modal })).resolves.toMatchObject({ ok: true });
      clock += 2;
      await expect(slack.views.open({ trigger_id: stale, view: modal })).rejects.toMatchObject({
        data: { error: 'expired_trigger_id' },
      });
    });

    it('takes a shorter trigger lifetime when configured', async () => {
      const quick = await startFakeSlack({ triggerLifetimeMs: 20 });
      try {
        const trigger = quick.issueTriggerId();
        await new Promise((resolve) => setTimeout(resolve, 40));
        await expect(clientFor(quick).views.open({ trigger_id: trigger, view: modal })).rejects.toMatchObject({
          data: { error: 'expired_trigger_id' },
        });
      } finally {
        await quick.stop();
      }
    });

    it('refuses views Slack would refuse, saying where', async () => {
      const tooMany = {
        type: 'home' as const,
        blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })),
      };
      await expect(slack.views.publish({ user_id: 'U0REQUESTER', view: tooMany })).rejects.toMatchObject({
        data: {
          error: 'invalid_arguments',
          response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
        },
      });
      const longTitle = { ...modal, title: { type: 'plain_text' as const, text: 'A title far longer than 24' } };
      await expect(slack.views.open({ trigger_id: fake.issueTriggerId(), view: longTitle })).rejects.toMatchObject({
        data: {
          response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
        },
      });
    });

    it('publishes a Home tab per user', async () => {
      const home = { type: 'home' as const, blocks: [section('Your grants')] };
      await expect(slack.views.publish({ user_id: 'U0REQUESTER', view: home })).resolves.toMatchObject({ ok: true });
      expect(fake.homeView('U0REQUESTER')).toMatchObject({ type: 'home', blocks: [section('Your grants')] });
      await expect(slack.views.publish({ user_id: 'U0NOBODY', view: home })).rejects.toMatchObject({
        data: { error: 'user_not_found' },
      });
    });
  });

  describe('people', () => {
    it('answers users.info for registered people only', async () => {
      const info = await slack.users.info({ user: 'U0REQUESTER' });
      expect(info.user).toMatchObject({ id: 'U0REQUESTER', name: 'riley', profile: { email: 'riley@example.com' } });
      await expect(slack.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    });

    it('lists user group members', async () => {
      fake.setUsergroup('S0APPROVERS', ['U0APPROVER1', 'U0APPROVER2']);
      const members = await slack.usergroups.users.list({ usergroup: 'S0APPROVERS' });
      expect(members.users).toEqual(['U0APPROVER1', 'U0APPROVER2']);
      await expect(slack.usergroups.users.list({ usergroup: 'S0NONE' })).rejects.toMatchObject({
        data: { error: 'no_such_subteam' },
      });
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After once a method exceeds its limit', async () => {
      fake.rateLimit('chat.postMessage', 2);
      await slack.chat.postMessage({ channel: CHANNEL, text: 'one' });
      clock += 10_000;
      await slack.chat.postMessage({ channel: CHANNEL, text: 'two' });

      const response = await fetch(`${fake.url}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: CHANNEL, text: 'three' }),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('50');
      expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });

      const rejecting = new WebClient(TOKEN, {
        slackApiUrl: fake.url,
        logger: quiet,
        rejectRateLimitedCalls: true,
      });
      await expect(rejecting.chat.postMessage({ channel: CHANNEL, text: 'four' })).rejects.toMatchObject({
        code: 'slack_webapi_rate_limited_error',
        retryAfter: 50,
      });
      // Other methods are not limited, and the window slides.
      await expect(slack.auth.test()).resolves.toMatchObject({ ok: true });
      clock += 50_000;
      await expect(slack.chat.postMessage({ channel: CHANNEL, text: 'five' })).resolves.toMatchObject({ ok: true });
      expect(fake.messages(CHANNEL).map((m) => m.text)).toEqual(['one', 'two', 'five']);
    });

    it('answers a limit of zero with a Retry-After WebClient can wait on: the whole minute', async () => {
      fake.rateLimit('chat.postMessage', 0);
      const rejecting = new WebClient(TOKEN, { slackApiUrl: fake.url, logger: quiet, rejectRateLimitedCalls: true });
      await expect(rejecting.chat.postMessage({ channel: CHANNEL, text: 'never' })).rejects.toMatchObject({
        code: 'slack_webapi_rate_limited_error',
        retryAfter: 60,
      });
      expect(fake.messages(CHANNEL)).toEqual([]);
    });
  });

  describe('files', () => {
    it('takes an upload through getUploadURLExternal, the upload POST and completeUploadExternal', async () => {
      const csv = 'seq,type\n1,GRANT_REQUESTED\n';
      await slack.files.uploadV2({
        channel_id: CHANNEL,
        content: csv,
        filename: 'audit.csv',
        title: 'Audit export',
        initial_comment: 'Weekly export',
      });
      const [file] = fake.files();
      expect(file).toMatchObject({ filename: 'audit.csv', title: 'Audit export', channelId: CHANNEL });
      expect(file?.bytes.toString('utf8')).toBe(csv);
      expect(fake.messages(CHANNEL)).toMatchObject([{ text: 'Weekly export', files: [{ id: file?.id }] }]);
      expect(fake.calls().map((call) => call.method)).toEqual([
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]);
    });

    it('refuses to complete a file that was never uploaded', async () => {
      const { file_id } = await slack.files.getUploadURLExternal({ filename: 'x.csv', length: 3 });
      await expect(
        slack.files.completeUploadExternal({ files: [{ id: file_id!, title: 'x' }], channel_id: CHANNEL }),
      ).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    });
  });

  describe('recording', () => {
    it('waitFor resolves once a matching call arrives, and names the calls seen when it times out', async () => {
      const waiting = fake.waitFor((calls) => calls.find((call) => call.method === 'chat.postMessage'));
      void slack.chat.postMessage({ channel: CHANNEL, text: 'late' });
      expect((await waiting).args).toMatchObject({ text: 'late' });
      await expect(fake.waitFor((calls) => calls.some((call) => call.method === 'views.open'), 50)).rejects.toThrow(
        /chat\.postMessage/,
      );
    });

    it('records what is posted to an issued response_url', async () => {
      const url = fake.issueResponseUrl();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text: 'Unknown command' }),
      });
      expect(response.status).toBe(200);
      expect(fake.responses(url)).toMatchObject([{ body: { text: 'Unknown command' } }]);
    });
  });
});

describe('Slack-signed requests (test/support/slack-request.ts)', () => {
  const SECRET = 'signing-secret';

  function payloadOf(body: string): Record<string, unknown> {
    return JSON.parse(new URLSearchParams(body).get('payload') ?? '{}') as Record<string, unknown>;
  }

  it('signs bodies the way Bolt verifies them', () => {
    const body = slashCommandBody({ text: 'list', user_id: 'U0REQUESTER' });
    const headers = signSlackRequest(SECRET, body);
    const verify = (signed: string, secret = SECRET) =>
      isValidSlackRequest({
        signingSecret: secret,
        body: signed,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    expect(verify(body)).toBe(true);
    expect(verify(`${body}&text=end`)).toBe(false);
    expect(verify(body, 'another-secret')).toBe(false);
  });

  it('form-encodes slash commands as Slack does', () => {
    const fields = new URLSearchParams(
      slashCommandBody({ text: 'acme OPS-1 30m <!channel> & more', user_id: 'U0REQUESTER', trigger_id: 't.1' }),
    );
    expect(Object.fromEntries(fields)).toMatchObject({
      command: '/grant',
      text: 'acme OPS-1 30m <!channel> & more',
      user_id: 'U0REQUESTER',
      trigger_id: 't.1',
      team_id: expect.any(String),
      response_url: expect.stringMatching(/^https?:/),
    });
  });

  it("builds block_actions and view_submission payloads with Slack's shapes", () => {
    const click = payloadOf(
      blockActionsBody({
        user: { id: 'U0APPROVER1' },
        actions: [{ action_id: 'grant.approve', value: 'grant-1' }],
        message: { channel: 'C0APPROVERS', ts: '1700000000.000100' },
      }),
    );
    expect(click).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0APPROVER1', team_id: expect.any(String) },
      actions: [{ type: 'button', action_id: 'grant.approve', value: 'grant-1', action_ts: expect.any(String) }],
      container: { type: 'message', channel_id: 'C0APPROVERS', message_ts: '1700000000.000100' },
      channel: { id: 'C0APPROVERS' },
      message: { ts: '1700000000.000100' },
    });
    const fromHome = payloadOf(
      blockActionsBody({ user: { id: 'U0APPROVER1' }, actions: [{ action_id: 'grant.deny' }], view: { id: 'V1' } }),
    );
    expect(fromHome).toMatchObject({ container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home' } });
    expect(fromHome).not.toHaveProperty('message');

    const submission = payloadOf(
      viewSubmissionBody({
        user: { id: 'U0REQUESTER' },
        view: {
          callback_id: 'grant.request',
          values: {
            tenant: { tenant: textValue('acme') },
            target_user: { target_user: textValue(null) },
            ticket: { ticket: textValue('OPS-1') },
            reason: { reason: textValue('Reproduce the export bug') },
            duration: { duration: selectedValue('1h', '1 hour') },
          },
        },
      }),
    );
    expect(submission).toMatchObject({ type: 'view_submission', view: { callback_id: 'grant.request' } });
    const view = submission.view as { state: { values: Parameters<typeof parseRequestModal>[0] } };
    expect(parseRequestModal(view.state.values)).toMatchObject({ tenant: 'acme', durationMs: 3_600_000 });
  });

  it('posts form-encoded, signed, with retry headers when asked', async () => {
    const received: { headers: IncomingHttpHeaders; body: string; path?: string }[] = [];
    const app = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body, ...(request.url ? { path: request.url } : {}) });
        response.end('');
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
      const body = slashCommandBody({ text: 'help', user_id: 'U0REQUESTER' });
      await postToSlackEndpoint(appUrl, body, SECRET);
      await postToSlackEndpoint(appUrl, body, SECRET, { retryNum: 1 });
      const [first, retry] = received;
      expect(first).toMatchObject({ path: '/slack/events', body });
      expect(first?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(first?.headers['x-slack-retry-num']).toBeUndefined();
      expect(retry?.headers).toMatchObject({ 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
      expect(
        isValidSlackRequest({
          signingSecret: SECRET,
          body,
          headers: {
            'x-slack-signature': String(first?.headers['x-slack-signature']),
            'x-slack-request-timestamp': Number(first?.headers['x-slack-request-timestamp']),
          },
        }),
      ).toBe(true);
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });
});
