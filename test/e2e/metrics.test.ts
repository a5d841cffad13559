/**
 * /metrics as Prometheus scrapes it, after real activity: a grant requested over Slack (Jira asked, the card posted
 * by a notify job), health probes, and an API call. The whole app (startGrantdesk) against the fakes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/create-api-token.ts';
import { ActionId } from '../../src/slack/blocks/action-ids.ts';
import { randomIds, systemClock } from '../../src/system-clock.ts';
import { sample } from '../support/prometheus-sample.ts';
import { buttonValue, type SlackE2E, startSlackE2E, TICKET } from '../support/slack-e2e-harness.ts';

const REASON = 'Reproduce the invoice export failure for the customer';

let e2e: SlackE2E;
beforeAll(async () => {
  e2e = await startSlackE2E();
});
afterAll(() => e2e?.close());

describe('/metrics', () => {
  it('answers in Prometheus text format with the state, queue, job, Slack, Jira and HTTP series', async () => {
    const sent = await e2e.command('U0REQUESTER', `acme-corp ${TICKET} 30m ${REASON}`);
    expect(sent.response.status).toBe(200);
    const card = await e2e.fake.waitFor(() =>
      e2e.fake.messages('C0APPROVERS').find((m) => buttonValue(m, ActionId.approveGrant)),
    );
    expect(card).toBeDefined();
    expect((await fetch(`${e2e.appUrl}/healthz`)).status).toBe(200);

    const scrape = async () => {
      const response = await fetch(`${e2e.appUrl}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };
    // The notify job's completion is recorded just after the card is posted: wait for it rather than a time.
    await expect
      .poll(async () => sample(await scrape(), 'grantdesk_job_duration_seconds_count', { queue: 'notify' }))
      .toBeGreaterThan(0);
    const text = await scrape();

    expect(sample(text, 'grantdesk_grants', { status: 'PENDING' })).toBe(1);
    expect(sample(text, 'grantdesk_grants', { status: 'ACTIVE' })).toBe(0);
    expect(sample(text, 'grantdesk_outbox_unsent')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'grantdesk_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'grantdesk_expiry_overdue_grants')).toBe(0);
    expect(sample(text, 'grantdesk_expiry_lateness_seconds')).toBe(0);
    const { rows } = await e2e.db.adminQuery('SELECT head_seq FROM audit_chain');
    expect(sample(text, 'grantdesk_audit_chain_head_seq')).toBe(Number(rows[0].head_seq));
    expect(Number(rows[0].head_seq)).toBeGreaterThan(0);
    expect(sample(text, 'grantdesk_digest_last_posted_timestamp_seconds')).toBe(0);
    for (const state of ['waiting', 'delayed', 'active', 'failed']) {
      expect(sample(text, 'grantdesk_queue_jobs', { queue: 'expiry', state })).toBeGreaterThanOrEqual(0);
    }
    // The pending request's lapse timer waits on the expiry queue.
    expect(sample(text, 'grantdesk_queue_jobs', { queue: 'expiry', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE grantdesk_job_failures_total counter');
    expect(
      sample(text, 'grantdesk_external_call_duration_seconds_count', {
        service: 'slack',
        method: 'chat.postMessage',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'grantdesk_external_call_duration_seconds_count', { service: 'jira', method: 'getTicket' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'grantdesk_http_request_duration_seconds_count', {
        route: '/healthz',
        method: 'GET',
        status: '200',
      }),
    ).toBe(1);
    expect(sample(text, 'grantdesk_http_request_duration_seconds_count', { route: '/slack/events' })).toBeGreaterThan(
      0,
    );
  });

  it('counts an API refusal under the route that refused it', async () => {
    const deps = { unitOfWork: e2e.stores.unitOfWork, clock: systemClock, ids: randomIds };
    const actor = { kind: 'system' as const, id: 'test' };
    const { secret } = await createApiToken(deps, {
      name: 'metrics-reader',
      scopes: ['audit:read'],
      tenant: null,
      expiresInMs: null,
      actor,
    });
    // The registry is the process's: other suites' apps in this worker count their requests in it too.
    const labels = { route: '/api/v1/impersonation/sessions/:sessionId', method: 'GET', status: '404' };
    const counted = async () =>
      sample(
        await (await fetch(`${e2e.appUrl}/metrics`)).text(),
        'grantdesk_http_request_duration_seconds_count',
        labels,
      );
    const before = (await counted()) ?? 0;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const response = await fetch(`${e2e.appUrl}/api/v1/impersonation/sessions/${unknown}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(404);
    expect(await counted()).toBe(before + 1);
    expect(await (await fetch(`${e2e.appUrl}/metrics`)).text()).not.toContain('route="/api/v1/api/v1');
  });
});
