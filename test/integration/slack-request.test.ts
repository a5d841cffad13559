/** test/support/slack-request.ts builds, signs and posts requests exactly as Slack does, as Bolt checks them. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parseRequestModal } from '../../src/slack/blocks/request-modal.ts';
import {
  blockActionsBody,
  postToSlackEndpoint,
  selectedValue,
  signSlackRequest,
  slashCommandBody,
  textValue,
  viewSubmissionBody,
} from '../support/slack-request.ts';

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
