/**
 * The demo's Slack sandbox started as `npm run demo` starts it, beside a stand-in for the app at /slack/events that
 * checks each request with Bolt's own signature check, and a WebClient of Slack's SDK pointed at the sandbox.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { SlackSandbox } from '../../src/demo/slack-sandbox/slack-sandbox.ts';
import { quiet } from './quiet-slack-logger.ts';

export const SECRET = 'sandbox-test-secret';
export const TOKEN = 'xoxb-sandbox-test';
export const RILEY = { id: 'U0RILEY01', name: 'riley', realName: 'Riley Chen', email: 'riley@example.test' };
export const AVERY = { id: 'U0AVERY01', name: 'avery', realName: 'Avery Okafor', email: 'avery@example.test' };
export const CHANNEL = 'C0APPROVAL';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signed: boolean;
}

/** Stands in for the app at /slack/events: checks Slack's signature with Bolt's own check and answers as told. */
export class StubApp {
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

/** A sandbox with Riley and Avery and one approval channel, connected to a stub app, and a client of its Web API. */
export async function startSandboxWithApp(): Promise<{ sandbox: SlackSandbox; app: StubApp; slack: WebClient }> {
  const sandbox = await SlackSandbox.start({
    signingSecret: SECRET,
    botToken: TOKEN,
    people: [RILEY, AVERY],
    channels: [{ id: CHANNEL, name: 'access-approvals', kind: 'channel' }],
  });
  const app = await StubApp.start();
  sandbox.connectApp(app.url);
  const slack = new WebClient(TOKEN, { slackApiUrl: sandbox.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
  return { sandbox, app, slack };
}

/** What the sandbox's page posts (a typed command, a click, a submission), as the page posts it. */
export async function postFromPage(
  sandbox: SlackSandbox,
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, sandbox.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}
