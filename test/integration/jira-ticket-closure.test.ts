import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endGrantsForClosedTicket } from '../../src/app/end-grants-for-closed-ticket.ts';
import { recheckTickets } from '../../src/app/recheck-tickets.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { jiraWebhookRoutes } from '../../src/http/jira-webhook-routes.ts';
import { JiraTicketTracker } from '../../src/jira/jira-ticket-tracker.ts';
import { randomIds } from '../../src/system-clock.ts';
import { DEFAULT_CREDENTIALS, type FakeJira, startFakeJira } from '../fakes/fake-jira.ts';
import { aRequest, ManualClock, StaticAccess, staff, testPolicy } from '../support/services-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const SECRET = 'webhook-secret';
let db: TestDatabase;
let jira: FakeJira;
let services: Services;
let tracker: JiraTicketTracker;
let server: Server;
let webhookUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  jira = await startFakeJira();
  tracker = new JiraTicketTracker({ baseUrl: jira.url, ...DEFAULT_CREDENTIALS, timeoutMs: 1_000 });
  services = createServices({
    sequelize: db.sequelize,
    tracker,
    access: new StaticAccess(),
    clock: new ManualClock(),
    ids: randomIds,
    policy: testPolicy,
    ticketPolicy: { allowedProjects: [], requireOpen: true },
  });
  const app = express();
  app.use(jiraWebhookRoutes({ secret: SECRET, onTicketClosed: (input) => endGrantsForClosedTicket(services, input) }));
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

    const report = await recheckTickets({ ...services, tracker });
    expect(report).toMatchObject({ grantsEnded: 2, unreachable: [] });
    for (const id of [first.id, second.id]) {
      const grant = await services.grants.findById(id);
      expect(grant).toMatchObject({
        status: 'ENDED',
        endReason: 'FORCED',
        endNote: 'ticket closed (OPS-501 is Resolved)',
      });
      const end = (await services.audit.byGrant(id)).find((e) => e.type === 'IMPERSONATION_END');
      expect(end).toMatchObject({
        actor: { kind: 'system', id: 'jira' },
        severity: 'HIGH',
        details: { endReason: 'FORCED' },
      });
    }
    expect((await services.grants.findById(other.id))?.status).toBe('ACTIVE');
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
    const report = await recheckTickets({ ...services, tracker });
    jira.reset();
    expect(report.unreachable).toContain('OPS-503');
    expect((await services.grants.findById(grant.id))?.status).toBe('ACTIVE');
  });

  it('ends the grant at once on a signed Jira Cloud webhook', async () => {
    const grant = await activeGrantOn('OPS-504');
    const body = issueUpdated('OPS-504', 'Done', 'done');
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
      body,
    });
    expect(response.status).toBe(200);
    expect(await services.grants.findById(grant.id)).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
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
    expect((await services.grants.findById(grant.id))?.status).toBe('ACTIVE');

    const forged = await post(`${webhookUrl}?secret=guess`, issueUpdated('OPS-505', 'Done', 'done'));
    expect(forged.status).toBe(401);
    const badSignature = await post(webhookUrl, issueUpdated('OPS-505', 'Done', 'done'), {
      'x-hub-signature': 'sha256=00',
    });
    expect(badSignature.status).toBe(401);
    const huge = await post(
      `${webhookUrl}?secret=${SECRET}`,
      JSON.stringify({ webhookEvent: 'x', pad: 'a'.repeat(70_000) }),
    );
    expect(huge.status).toBe(413);
    expect((await services.grants.findById(grant.id))?.status).toBe('ACTIVE');

    const closed = await post(`${webhookUrl}?secret=${SECRET}`, issueUpdated('OPS-505', 'Closed', 'done'));
    expect(closed.status).toBe(200);
    expect((await services.grants.findById(grant.id))?.status).toBe('ENDED');
    const again = await post(`${webhookUrl}?secret=${SECRET}`, issueUpdated('OPS-505', 'Closed', 'done'));
    expect(again.status).toBe(200);
    const ends = (await services.audit.byGrant(grant.id)).filter((e) => e.type === 'IMPERSONATION_END');
    expect(ends).toHaveLength(1);
  });
});
