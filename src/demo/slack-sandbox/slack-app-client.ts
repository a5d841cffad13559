/**
 * Sends what Slack sends to the app's request URL, signed the way Slack signs it
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack): `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}` with the signing secret. Like Slack, it gives up after 3 seconds.
 */
import { createHmac } from 'node:crypto';
import type { SignedBody } from './interaction-payloads.ts';

/** Slack waits this long for the app to acknowledge, then shows the person an error. */
const SLACK_ACK_TIMEOUT_MS = 3000;

export type AppReply =
  | { ok: true; status: number; contentType: string; text: string }
  /** `operation_timeout` when the app took longer than 3 s, `dispatch_failed` when it could not be reached. */
  | { ok: false; error: 'operation_timeout' | 'dispatch_failed' | 'not_connected'; detail?: string };

export class SlackAppClient {
  private requestUrl: string | undefined;

  constructor(
    private readonly signingSecret: string,
    private readonly timeoutMs = SLACK_ACK_TIMEOUT_MS,
  ) {}

  /** Where the app receives Slack's requests, e.g. `http://127.0.0.1:3000/slack/events`. */
  connect(requestUrl: string): void {
    this.requestUrl = requestUrl;
  }

  /** While the app is down (starting, or paused by the demo): requests are answered `not_connected`. */
  disconnect(): void {
    this.requestUrl = undefined;
  }

  get connected(): boolean {
    return this.requestUrl !== undefined;
  }

  async send({ contentType, body }: SignedBody): Promise<AppReply> {
    if (!this.requestUrl) return { ok: false, error: 'not_connected' };
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
    try {
      const response = await fetch(this.requestUrl, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': `v0=${signature}`,
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return { ok: true, status: response.status, contentType: response.headers.get('content-type') ?? '', text };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return { ok: false, error: timedOut ? 'operation_timeout' : 'dispatch_failed', detail: String(error) };
    }
  }
}
