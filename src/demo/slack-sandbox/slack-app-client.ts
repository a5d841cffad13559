/**
 * Sends what Slack sends to the app's request URL, signed the way Slack signs it
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack): `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}` with the signing secret. Like Slack, the sandbox gives up after 3 seconds. The tests
 * send their requests to the app through deliverToApp too (test/support/slack-request.ts).
 */
import { createHmac } from 'node:crypto';
import type { SignedBody } from './interaction-payloads.ts';

/** Slack waits this long for the app to acknowledge, then shows the person an error. */
const SLACK_ACK_TIMEOUT_MS = 3000;

export type AppReply =
  | { ok: true; status: number; contentType: string; text: string }
  /** `operation_timeout` when the app took longer than 3 s, `dispatch_failed` when it could not be reached. */
  | { ok: false; error: 'operation_timeout' | 'dispatch_failed' | 'not_connected'; detail?: string };

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Slack's signature headers for a body; `timestamp` in seconds since the epoch, now by default. */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

export interface DeliveryOptions {
  /** Seconds since the epoch to sign with (an old one, to see replay protection at work). */
  timestamp?: number;
  /** Slack's redelivery count, sent with `X-Slack-Retry-Reason` (https://docs.slack.dev/apis/events-api#retries). */
  retryNum?: number;
  retryReason?: string;
  signal?: AbortSignal;
}

/** POSTs a body to the app's request URL as Slack does: signed, as Slackbot, with retry headers on a redelivery. */
export function deliverToApp(
  url: string | URL,
  { contentType, body }: { contentType: string; body: string },
  signingSecret: string,
  options: DeliveryOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(signingSecret, body, options.timestamp),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body, ...(options.signal ? { signal: options.signal } : {}) });
}

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

  async send(signed: SignedBody): Promise<AppReply> {
    if (!this.requestUrl) return { ok: false, error: 'not_connected' };
    try {
      const signal = AbortSignal.timeout(this.timeoutMs);
      const response = await deliverToApp(this.requestUrl, signed, this.signingSecret, { signal });
      const text = await response.text();
      return { ok: true, status: response.status, contentType: response.headers.get('content-type') ?? '', text };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return { ok: false, error: timedOut ? 'operation_timeout' : 'dispatch_failed', detail: String(error) };
    }
  }
}
