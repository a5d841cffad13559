/** The fake Slack's people and user groups, its rate limits, the external file upload, and what it records for tests. */
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/fake-slack.ts';
import { CHANNEL, startFakeWorkspace, TOKEN } from '../support/fake-slack-workspace.ts';
import { quiet } from '../support/quiet-slack-logger.ts';

describe('fake Slack Web API: people, rate limits, files, recording', () => {
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
