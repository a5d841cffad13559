import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app/services.ts';
import { createStores, type Stores } from '../../src/db/stores.ts';
import { jiraWebhookRoutes } from '../../src/http/jira-webhook-routes.ts';
import { JiraTicketTracker } from '../../src/jira/jira-ticket-tracker.ts';
import { createLogger } from '../../src/logger.ts';
import { randomIds } from '../../src/system-clock.ts';
import { DEFAULT_CREDENTIALS, type FakeJira, startFakeJira } from '../fakes/fake-jira.ts';
import { realisticIssueUpdated } from '../support/jira-issue-delivery.ts';
import { aRequest, ManualClock, StaticAccess, staff, testPolicy } from '../support/services-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const SECRET = 'webhook-secret-of-32-characters-at-least';
/** What the webhook route logged, one parsed pino line each. */
const logged: { msg: string; source?: string; failures?: number }[] = [];
let db: TestDatabase;
let jira: FakeJira;
let services: Services;
let stores: Stores;
let tracker: JiraTicketTracker;
let server: Server;
let webhookUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  jira = await startFakeJira();
  tracker = new JiraTicketTracker({ baseUrl: jira.url, ...DEFAULT_CREDENTIALS, timeoutMs: 1_000 });
  stores = createStores(db.sequelize, randomIds);
  services = createServices({
    sequelize: db.sequelize,
    stores,
    tracker,
    access: new StaticAccess(),
    clock: new ManualClock(),
    ids: randomIds,
    policy: testPolicy,
    ticketPolicy: { allowedProjects: [], requireOpen: true },
  });
  const app = express();
  const logger = createLogger('info', { write: (line: string) => void logged.push(JSON.parse(line)) });
  const onTicketClosed = (input: { ticketKey: string; ticketStatus: string }) =>
    services.endGrantsForWebhookClosure(input);
  app.use(jiraWebhookRoutes({ secret: SECRET, onTicketClosed, logger }));
  server = app.listen(0);
  webhookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/jira`;
});
afterAll(async () => {
  server.close();
  await jira.stop();
  await db.drop();
});

async function activeGrantOn(key: string) {
  jira.addIssue({
    key,
    summary: `Work on ${key}`,
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: null,
  });
  const { grant } = await services.requestGrant(aRequest({ ticketKey: key }));
  await services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
  return grant;
}

const issueUpdated = (key: string, status: string, category: string) =>
  JSON.stringify({
    webhookEvent: 'jira:issue_updated',
    issue: { key, fields: { status: { name: status, statusCategory: { key: category } } } },
  });

describe('a ticket closed during a grant ends it', () => {
  it('ends every active grant of a ticket now Done as FORCED "ticket closed", on the periodic re-check', async () => {
    const first = await activeGrantOn('OPS-501');
    const second = await activeGrantOn('OPS-501');
    const other = await activeGrantOn('OPS-502');
    jira.setStatus('OPS-501', 'Resolved', 'done');

    const report = await services.recheckTickets();
    expect(report).toMatchObject({ grantsEnded: 2, unreachable: [] });
    for (const id of [first.id, second.id]) {
      const grant = await stores.grants.findById(id);
      expect(grant).toMatchObject({
        status: 'ENDED',
        endReason: 'FORCED',
        endNote: 'ticket closed (OPS-501 is Resolved)',
      });
      const end = (await stores.audit.byGrant(id)).find((e) => e.type === 'IMPERSONATION_END');
      expect(end).toMatchObject({
        actor: { kind: 'system', id: 'jira' },
        severity: 'HIGH',
        details: { endReason: 'FORCED' },
      });
    }
    expect((await stores.grants.findById(other.id))?.status).toBe('ACTIVE');
    // The requester is told: the end event leaves a Slack notification in the outbox.
    const notified = await db.adminQuery(
      `SELECT count(*) FROM outbox WHERE topic = 'notify' AND payload->>'grantId' = $1`,
      [first.id],
    );
    expect(Number(notified.rows[0]?.count)).toBeGreaterThanOrEqual(3);
  });

  it('ends nothing while Jira does not answer, and says which tickets it could not check', async () => {
    const grant = await activeGrantOn('OPS-503');
    jira.failNext(10, { status: 503 });
    const report = await services.recheckTickets();
    jira.reset();
    expect(report.unreachable).toContain('OPS-503');
    expect((await stores.grants.findById(grant.id))?.status).toBe('ACTIVE');
  });

  it('ends the grant at once on a signed Jira Cloud webhook', async () => {
    const grant = await activeGrantOn('OPS-504');
    jira.setStatus('OPS-504', 'Done', 'done');
    const body = issueUpdated('OPS-504', 'Done', 'done');
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
      body,
    });
    expect(response.status).toBe(200);
    expect(await stores.grants.findById(grant.id)).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
  });

  it('accepts the secret in the URL (Data Center), ignores irrelevant events, and refuses bad secrets and huge bodies', async () => {
    const grant = await activeGrantOn('OPS-505');
    const post = (url: string, body: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    const ignored = await post(`${webhookUrl}?secret=${SECRET}`, issueUpdated('OPS-505', 'In Review', 'indeterminate'));
    expect([ignored.status, await ignored.json()]).toEqual([202, { ignored: true }]);
    const created = await post(
      `${webhookUrl}?secret=${SECRET}`,
      JSON.stringify({ webhookEvent: 'jira:issue_created' }),
    );
    expect(created.status).toBe(202);
    expect((await stores.grants.findById(grant.id))?.status).toBe('ACTIVE');

    const forged = await post(`${webhookUrl}?secret=guess`, issueUpdated('OPS-505', 'Done', 'done'));
    expect(forged.status).toBe(401);
    const badSignature = await post(webhookUrl, issueUpdated('OPS-505', 'Done', 'done'), {
      'x-hub-signature': 'sha256=00',
    });
    expect(badSignature.status).toBe(401);
    const huge = await post(
      `${webhookUrl}?secret=${SECRET}`,
      JSON.stringify({ webhookEvent: 'x', pad: 'a'.repeat(10 * 1024 * 1024) }),
    );
    expect(huge.status).toBe(413);
    expect((await stores.grants.findById(grant.id))?.status).toBe('ACTIVE');

    jira.setStatus('OPS-505', 'Closed', 'done');
    const closed = await post(`${webhookUrl}?secret=${SECRET}`, issueUpdated('OPS-505', 'Closed', 'done'));
    expect(closed.status).toBe(200);
    expect((await stores.grants.findById(grant.id))?.status).toBe('ENDED');
    const again = await post(`${webhookUrl}?secret=${SECRET}`, issueUpdated('OPS-505', 'Closed', 'done'));
    expect(again.status).toBe(200);
    const ends = (await stores.audit.byGrant(grant.id)).filter((e) => e.type === 'IMPERSONATION_END');
    expect(ends).toHaveLength(1);
  });
});

describe('real Jira deliveries', () => {
  const signed = (body: string) =>
    fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
  const endEvent = async (grantId: string) =>
    (await stores.audit.byGrant(grantId)).find((e) => e.type === 'IMPERSONATION_END');

  it('accepts a realistic 100 KB jira:issue_updated delivery and ends the grant, confirmed with Jira', async () => {
    const grant = await activeGrantOn('OPS-601');
    jira.setStatus('OPS-601', 'Done', 'done');
    const body = realisticIssueUpdated('OPS-601', { name: 'Done', category: 'done' });
    expect(body.length).toBeGreaterThan(99_000);

    const response = await signed(body);
    expect([response.status, await response.json()]).toEqual([200, { ignored: false, ended: 1, confirmation: 'jira' }]);
    expect(await stores.grants.findById(grant.id)).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
    expect((await endEvent(grant.id))?.details).toMatchObject({ closedBy: 'jira-webhook', confirmedWithJira: true });
    expect(jira.requests.some((r) => r.method === 'GET' && r.path === '/rest/api/2/issue/OPS-601')).toBe(true);
  });

  it('ends nothing when Jira says the ticket is not Done (a late delivery, or a forged one with a leaked secret)', async () => {
    const grant = await activeGrantOn('OPS-602');
    const response = await signed(realisticIssueUpdated('OPS-602', { name: 'Done', category: 'done' }));
    expect([response.status, await response.json()]).toEqual([
      200,
      { ignored: false, ended: 0, confirmation: 'refuted' },
    ]);
    expect((await stores.grants.findById(grant.id))?.status).toBe('ACTIVE');
    expect(await endEvent(grant.id)).toBeUndefined();
  });

  it('trusts the signed delivery when Jira cannot be reached, and says so in the audit event', async () => {
    const grant = await activeGrantOn('OPS-603');
    jira.failNext(10, { status: 503 });
    const response = await signed(issueUpdated('OPS-603', 'Done', 'done'));
    jira.reset();
    expect([response.status, await response.json()]).toEqual([
      200,
      { ignored: false, ended: 1, confirmation: 'unreachable' },
    ]);
    expect((await endEvent(grant.id))?.details).toMatchObject({
      endReason: 'FORCED',
      closedBy: 'jira-webhook',
      confirmedWithJira: false,
      unconfirmedBecause: 'Jira could not be reached; the signed webhook delivery was trusted',
    });
  });

  it('logs bad signatures and makes a source that keeps sending them wait, while a right one still gets through', async () => {
    const grant = await activeGrantOn('OPS-604');
    jira.setStatus('OPS-604', 'Done', 'done');
    const body = issueUpdated('OPS-604', 'Done', 'done');
    const forged = () =>
      fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature': `sha256=${'0'.repeat(64)}` },
        body,
      });
    logged.length = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await forged()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const slowed = await forged();
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await slowed.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringMatching(/try again/) },
    });
    const again = await forged();
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(Number(slowed.headers.get('retry-after')));

    // Logged once per failure until the wait began, then not for each attempt during it.
    const warnings = logged.filter((line) => line.msg === 'Jira webhook with a bad or missing secret');
    expect(warnings.map((w) => w.failures)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(warnings[0]?.source).toMatch(/127\.0\.0\.1/);

    expect((await stores.grants.findById(grant.id))?.status).toBe('ACTIVE');
    const genuine = await signed(body);
    expect(genuine.status).toBe(200);
    expect((await stores.grants.findById(grant.id))?.status).toBe('ENDED');
    // A right secret clears the source's record.
    expect((await forged()).status).toBe(401);
  });
});
