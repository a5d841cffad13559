/** The sandbox's Web API answers as Slack does: messages, ephemerals, DMs, refusals, file uploads, and what it keeps. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackSandbox } from '../../src/demo/slack-sandbox/slack-sandbox.ts';
import { quiet } from '../support/quiet-slack-logger.ts';
import { CHANNEL, RILEY, SECRET, type StubApp, startSandboxWithApp, TOKEN } from '../support/slack-sandbox-harness.ts';

describe('Slack sandbox: its Web API', () => {
  let sandbox: SlackSandbox;
  let app: StubApp;
  let slack: WebClient;

  beforeEach(async () => {
    ({ sandbox, app, slack } = await startSandboxWithApp());
  });

  afterEach(async () => {
    await sandbox.close();
    await app.close();
  });

  it('answers the Web API like Slack: posts, edits, deletes, ephemerals, DMs, and its refusals', async () => {
    expect((await slack.auth.test()).user_id).toBe('U0GRANTBOT');
    const posted = await slack.chat.postMessage({ channel: CHANNEL, text: 'card', blocks: [{ type: 'divider' }] });
    await slack.chat.update({ channel: CHANNEL, ts: posted.ts as string, text: 'card, decided' });
    await slack.chat.postMessage({ channel: CHANNEL, thread_ts: posted.ts as string, text: 'a reply' });
    await slack.chat.postEphemeral({ channel: CHANNEL, user: RILEY.id, text: 'only for Riley' });
    const dm = await slack.conversations.open({ users: RILEY.id });
    await slack.chat.postMessage({ channel: dm.channel?.id as string, text: 'your grant is active' });
    const messages = sandbox.workspace.messages.list(CHANNEL);
    expect(messages.map((m) => [m.text, m.reply_count ?? 0])).toEqual([
      ['card, decided', 1],
      ['a reply', 0],
    ]);
    expect(messages[0]?.blocks).toEqual([{ type: 'divider', block_id: expect.any(String) }]);
    expect(sandbox.workspace.messages.ephemerals({ user: RILEY.id }).map((m) => m.text)).toEqual(['only for Riley']);
    expect(sandbox.workspace.messages.list(dm.channel?.id as string).map((m) => m.text)).toEqual([
      'your grant is active',
    ]);
    await slack.chat.delete({ channel: CHANNEL, ts: posted.ts as string });
    expect(sandbox.workspace.messages.list(CHANNEL)).toEqual([]);

    const refusal = (call: Promise<unknown>) =>
      call.then(
        () => 'ok',
        (error: { data?: { error?: string } }) => error.data?.error,
      );
    expect(await refusal(slack.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' }))).toBe('channel_not_found');
    expect(
      await refusal(slack.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: [{ type: 'nope' }] as never })),
    ).toBe('invalid_blocks');
    const stranger = new WebClient('xoxb-other', {
      slackApiUrl: sandbox.apiUrl,
      logger: quiet,
      retryConfig: { retries: 0 },
    });
    expect(await refusal(stranger.auth.test())).toBe('invalid_auth');
  });

  it('takes files through the external upload flow and serves them to the page', async () => {
    await slack.filesUploadV2({
      channel_id: CHANNEL,
      initial_comment: 'Chart for 2026-W46',
      file_uploads: [{ file: Buffer.from('PNGDATA'), filename: 'sessions.png', title: 'Sessions' }],
    });
    const [message] = sandbox.workspace.messages.list(CHANNEL);
    expect(message).toMatchObject({
      text: 'Chart for 2026-W46',
      files: [{ name: 'sessions.png', mimetype: 'image/png' }],
    });
    const served = await fetch(new URL(`/sandbox/files/${message?.files?.[0]?.id}`, sandbox.url));
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(await served.text()).toBe('PNGDATA');
  });

  it('keeps messages, DMs and files between runs when given a file to save them in', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-saved-'));
    const options = {
      signingSecret: SECRET,
      botToken: TOKEN,
      people: [RILEY],
      channels: [{ id: CHANNEL, name: 'access-approvals', kind: 'channel' as const }],
      savePath: join(directory, 'workspace.json'),
    };
    const first = await SlackSandbox.start(options);
    const client = new WebClient(TOKEN, { slackApiUrl: first.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
    const dm = await client.chat.postMessage({ channel: RILEY.id, text: 'your grant is active' });
    await client.filesUploadV2({
      channel_id: CHANNEL,
      file_uploads: [{ file: Buffer.from('PNG'), filename: 'a.png' }],
    });
    await first.close();

    const second = await SlackSandbox.start(options);
    try {
      const again = new WebClient(TOKEN, { slackApiUrl: second.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
      await again.chat.update({ channel: dm.channel as string, ts: dm.ts as string, text: 'your grant has ended' });
      expect(second.workspace.messages.list(dm.channel as string).map((m) => m.text)).toEqual(['your grant has ended']);
      const fileId = second.workspace.messages.list(CHANNEL)[0]?.files?.[0]?.id as string;
      expect(second.workspace.files.get(fileId)?.bytes.toString()).toBe('PNG');
    } finally {
      await second.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
