/**
 * What the sandbox sends the app when a person acts in its page: a typed command, a click, a modal's submission,
 * opening the Home tab; each signed as Slack signs it, and the app's answers shown where Slack shows them.
 */
import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackSandbox } from '../../src/demo/slack-sandbox/slack-sandbox.ts';
import {
  AVERY,
  CHANNEL,
  postFromPage,
  RILEY,
  type StubApp,
  startSandboxWithApp,
} from '../support/slack-sandbox-harness.ts';

describe('Slack sandbox: what it sends the app', () => {
  let sandbox: SlackSandbox;
  let app: StubApp;
  let slack: WebClient;
  const page = (path: string, body: Record<string, unknown>) => postFromPage(sandbox, path, body);

  beforeEach(async () => {
    ({ sandbox, app, slack } = await startSandboxWithApp());
  });

  afterEach(async () => {
    await sandbox.close();
    await app.close();
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
});
