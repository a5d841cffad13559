import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidSlackRequest } from '@slack/bolt';
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackSandbox } from '../../src/demo/slack-sandbox/slack-sandbox.ts';

const SECRET = 'sandbox-test-secret';
const TOKEN = 'xoxb-sandbox-test';
const RILEY = { id: 'U0RILEY01', name: 'riley', realName: 'Riley Chen', email: 'riley@example.test' };
const AVERY = { id: 'U0AVERY01', name: 'avery', realName: 'Avery Okafor', email: 'avery@example.test' };
const CHANNEL = 'C0APPROVAL';

const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signed: boolean;
}

/** Stands in for the app at /slack/events: checks Slack's signature with Bolt's own check and answers as told. */
class StubApp {
  readonly received: Received[] = [];
  answer: (received: Received) => { status?: number; type?: string; body?: string } = () => ({});
  private constructor(readonly server: Server) {}

  static async start(): Promise<StubApp> {
    const server = createServer();
    const stub = new StubApp(server);
    server.on('request', async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const signed = isValidSlackRequest({
        signingSecret: SECRET,
        body,
        headers: {
          'x-slack-signature': String(request.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
        },
      });
      const received = { headers: request.headers, body, signed };
      stub.received.push(received);
      const answer = stub.answer(received);
      response.writeHead(answer.status ?? 200, answer.type ? { 'content-type': answer.type } : {});
      response.end(answer.body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/slack/events`;
  }

  lastPayload(): Record<string, unknown> {
    const last = this.received.at(-1);
    if (!last) throw new Error('the app received nothing');
    return JSON.parse(new URLSearchParams(last.body).get('payload') ?? '{}') as Record<string, unknown>;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('Slack sandbox', () => {
  let sandbox: SlackSandbox;
  let app: StubApp;
  let slack: WebClient;

  const page = async (path: string, body: Record<string, unknown>) => {
    const response = await fetch(new URL(path, sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  beforeEach(async () => {
    sandbox = await SlackSandbox.start({
      signingSecret: SECRET,
      botToken: TOKEN,
      people: [RILEY, AVERY],
      channels: [{ id: CHANNEL, name: 'access-approvals', kind: 'channel' }],
    });
    app = await StubApp.start();
    sandbox.connectApp(app.url);
    slack = new WebClient(TOKEN, { slackApiUrl: sandbox.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
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

  it('sends a typed /grant as a signed, form-encoded slash command and shows the reply only to its author', async () => {
    app.answer = () => ({ type: 'application/json', body: JSON.stringify({ text: 'Your grants: none' }) });
    expect(await page('/sandbox/type', { as: RILEY.id, channel: CHANNEL, text: '/grant list' })).toEqual({ ok: true });
    const [received] = app.received;
    expect(received?.signed).toBe(true);
    expect(received?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = Object.fromEntries(new URLSearchParams(received?.body));
    expect(form).toMatchObject({
      command: '/grant',
      text: 'list',
      user_id: RILEY.id,
      user_name: 'riley',
      channel_id: CHANNEL,
      channel_name: 'access-approvals',
      team_id: sandbox.workspace.team.id,
      api_app_id: 'A0GRANTDESK',
    });
    expect(sandbox.workspace.messages.ephemerals({ user: RILEY.id }).map((m) => m.text)).toEqual(['Your grants: none']);

    // The trigger opens one modal, once; the response_url takes a reply.
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Request access' }, blocks: [] };
    await slack.views.open({ trigger_id: form.trigger_id as string, view: view as never });
    const again = await slack.views
      .open({ trigger_id: form.trigger_id as string, view: view as never })
      .catch((e) => e);
    expect(again.data.error).toBe('invalid_trigger_id');
    await fetch(form.response_url as string, { method: 'POST', body: JSON.stringify({ text: 'Done.' }) });
    expect(sandbox.workspace.messages.ephemerals({ user: RILEY.id }).map((m) => m.text)).toContain('Done.');

    expect(await page('/sandbox/type', { as: RILEY.id, channel: CHANNEL, text: '/nope' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('/nope is not a valid command'),
    });
  });

  it('sends a click as a block_actions payload built from the stored button, not from what the page claims', async () => {
    const blocks = [
      {
        type: 'actions',
        block_id: 'grant.decision.1',
        elements: [
          {
            type: 'button',
            action_id: 'grant.approve',
            text: { type: 'plain_text', text: 'Approve' },
            value: 'g-1',
            style: 'primary',
          },
        ],
      },
    ];
    const posted = await slack.chat.postMessage({ channel: CHANNEL, text: 'card', blocks: blocks as never });
    const result = await page('/sandbox/act', {
      as: AVERY.id,
      where: { type: 'message', channel: CHANNEL, ts: posted.ts },
      blockId: 'grant.decision.1',
      actionId: 'grant.approve',
      value: 'forged',
    });
    expect(result).toEqual({ ok: true });
    expect(app.received[0]?.signed).toBe(true);
    const payload = app.lastPayload();
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: AVERY.id, username: 'avery' },
      container: { type: 'message', message_ts: posted.ts, channel_id: CHANNEL, is_ephemeral: false },
      channel: { id: CHANNEL, name: 'access-approvals' },
      message: { ts: posted.ts, text: 'card' },
      actions: [
        { type: 'button', action_id: 'grant.approve', block_id: 'grant.decision.1', value: 'g-1', style: 'primary' },
      ],
    });
    expect(payload.trigger_id).toEqual(expect.any(String));
    expect(payload.response_url).toEqual(expect.stringContaining('/actions/'));
  });

  it('submits a modal as view_submission, shows response_action errors inline, and closes it on an empty answer', async () => {
    app.answer = () => ({});
    await page('/sandbox/type', { as: RILEY.id, channel: CHANNEL, text: '/grant' });
    const triggerId = new URLSearchParams(app.received[0]?.body).get('trigger_id') as string;
    const input = {
      type: 'input',
      block_id: 'ticket',
      label: { type: 'plain_text', text: 'Ticket' },
      element: { type: 'plain_text_input', action_id: 'ticket' },
    };
    const opened = await slack.views.open({
      trigger_id: triggerId,
      view: {
        type: 'modal',
        callback_id: 'grant.request',
        title: { type: 'plain_text', text: 'Request access' },
        submit: { type: 'plain_text', text: 'Request' },
        blocks: [input],
      } as never,
    });
    const viewId = opened.view?.id as string;
    const values = { ticket: { ticket: { type: 'plain_text_input', value: 'NOPE' } } };

    app.answer = () => ({
      type: 'application/json',
      body: JSON.stringify({ response_action: 'errors', errors: { ticket: 'Use the form OPS-123.' } }),
    });
    expect(await page('/sandbox/submit', { as: RILEY.id, viewId, values })).toMatchObject({
      ok: false,
      errors: { ticket: 'Use the form OPS-123.' },
    });
    expect(app.lastPayload()).toMatchObject({
      type: 'view_submission',
      user: { id: RILEY.id },
      view: { id: viewId, callback_id: 'grant.request', state: { values } },
    });
    expect(sandbox.workspace.views.topModal(RILEY.id)?.id).toBe(viewId);

    app.answer = () => ({});
    expect(await page('/sandbox/submit', { as: RILEY.id, viewId, values })).toEqual({ ok: true });
    expect(sandbox.workspace.views.topModal(RILEY.id)).toBeUndefined();
  });

  it('reports opening the Home tab as an app_home_opened event in the Events API envelope', async () => {
    expect(await page('/sandbox/home', { as: AVERY.id })).toEqual({ ok: true });
    const [received] = app.received;
    expect(received?.signed).toBe(true);
    expect(received?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received?.body ?? '{}')).toMatchObject({
      type: 'event_callback',
      team_id: sandbox.workspace.team.id,
      api_app_id: 'A0GRANTDESK',
      event: { type: 'app_home_opened', user: AVERY.id, tab: 'home', channel: 'D0AVERY01' },
    });
    const home = { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Hello*' } }] };
    await slack.views.publish({ user_id: AVERY.id, view: home as never });
    expect(sandbox.workspace.views.home(AVERY.id)?.blocks).toHaveLength(1);
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

  it('listens on the port it is given, and on a free one (saying which it wanted) only when that one is busy', async () => {
    const port = Number(new URL(sandbox.url).port);
    await sandbox.close();
    sandbox = await SlackSandbox.start({ signingSecret: SECRET, botToken: TOKEN, people: [RILEY], channels: [], port });
    expect(sandbox.url).toBe(`http://127.0.0.1:${port}/`);
    expect(sandbox.busyPort).toBeUndefined();

    const second = await SlackSandbox.start({
      signingSecret: SECRET,
      botToken: TOKEN,
      people: [RILEY],
      channels: [],
      port,
    });
    try {
      expect(second.busyPort).toBe(port);
      expect(Number(new URL(second.url).port)).not.toBe(port);
      expect((await fetch(second.url)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('serves emoji as pictures, by code points, with or without the emoji presentation selector', async () => {
    for (const name of ['2705', '26a0-fe0f', '26a0', '1f469-200d-1f4bb']) {
      const response = await fetch(new URL(`/emoji/${name}.svg`, sandbox.url));
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(await response.text()).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 36 36".*<path/,
      );
    }
    for (const name of ['41', 'zz', '..%2Fslack-sandbox.ts']) {
      expect((await fetch(new URL(`/emoji/${name}.svg`, sandbox.url))).status, name).toBe(404);
    }
  });

  it('serves the page with a strict content policy and pushes snapshots over Server-Sent Events', async () => {
    const html = await fetch(sandbox.url);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await fetch(new URL('/assets/../slack-sandbox.ts', sandbox.url)).then((r) => r.status)).toBe(404);

    const controller = new AbortController();
    const events = await fetch(new URL(`/sandbox/events?as=${RILEY.id}`, sandbox.url), { signal: controller.signal });
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    // The first event, however the stream was cut into chunks: one chunk may end inside it or hold the next one too.
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const [firstEvent = ''] = received.split('\n\n');
    const data = firstEvent
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length));
    const snapshot = JSON.parse(data.join('\n') || '{}');
    expect(snapshot).toMatchObject({ me: RILEY.id, appConnected: true, modal: null });
    expect(snapshot.channels.map((c: { id: string }) => c.id)).toEqual([CHANNEL, 'D0RILEY01']);

    const form = await fetch(new URL('/sandbox/type', sandbox.url), {
      method: 'POST',
      body: 'as=U0RILEY01&text=/grant',
    });
    expect(form.status).toBe(415);
  });
});
