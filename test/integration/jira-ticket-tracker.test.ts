import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GrantdeskError } from '../../src/domain/errors.ts';
import { JiraTicketTracker, type JiraTicketTrackerOptions } from '../../src/jira/jira-ticket-tracker.ts';
import { DEFAULT_CREDENTIALS, type FakeJira, startFakeJira } from '../fakes/fake-jira.ts';

const NO_ANSWER = 'Jira did not answer, try again in a minute';

async function failureOf(promise: Promise<unknown>): Promise<GrantdeskError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GrantdeskError);
  return error as GrantdeskError;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
}

describe('JiraTicketTracker against a fake Jira over HTTP', () => {
  let jira: FakeJira;

  function trackerFor(options: Partial<JiraTicketTrackerOptions> = {}): JiraTicketTracker {
    return new JiraTicketTracker({ baseUrl: jira.url, ...DEFAULT_CREDENTIALS, timeoutMs: 3_000, ...options });
  }

  beforeAll(async () => {
    jira = await startFakeJira();
  });

  afterAll(async () => {
    await jira.stop();
  });

  beforeEach(() => {
    jira.reset();
    jira.addIssue({
      key: 'OPS-123',
      summary: 'Customer cannot export invoices',
      status: 'In Progress',
      statusCategory: 'indeterminate',
      assignee: 'Ada Lovelace',
    });
    jira.addIssue({ key: 'SUP-7', summary: 'Unassigned', status: 'Open', statusCategory: 'new', assignee: null });
  });

  describe('getTicket', () => {
    it('returns the snapshot, asking only for the fields it needs with basic auth', async () => {
      const ticket = await trackerFor().getTicket('OPS-123');

      expect(ticket).toEqual({
        key: 'OPS-123',
        summary: 'Customer cannot export invoices',
        status: 'In Progress',
        statusCategory: 'indeterminate',
        assignee: 'Ada Lovelace',
        url: `${jira.url}/browse/OPS-123`,
      });
      expect(jira.requests).toHaveLength(1);
      const [request] = jira.requests;
      expect(request).toMatchObject({ method: 'GET', path: '/rest/api/2/issue/OPS-123', status: 200 });
      expect(request?.query.fields).toBe('summary,status,assignee');
      const basic = Buffer.from(`${DEFAULT_CREDENTIALS.email}:${DEFAULT_CREDENTIALS.apiToken}`).toString('base64');
      expect(request?.authorization).toBe(`Basic ${basic}`);
    });

    it("keeps the assignee's email where Jira shows it, for the access policy's requesterIsAssignee", async () => {
      jira.addIssue({
        key: 'OPS-8',
        summary: 'Mine',
        status: 'Open',
        statusCategory: 'new',
        assignee: 'Ada Lovelace',
        assigneeEmail: 'ada@example.test',
      });
      expect(await trackerFor().getTicket('OPS-8')).toMatchObject({
        assignee: 'Ada Lovelace',
        assigneeEmail: 'ada@example.test',
      });
    });

    it('accepts a lowercase key, reports a missing assignee as null and ignores a trailing slash on the base URL', async () => {
      const ticket = await trackerFor({ baseUrl: `${jira.url}/` }).getTicket(' sup-7 ');

      expect(ticket).toMatchObject({ key: 'SUP-7', assignee: null, statusCategory: 'new' });
      expect(ticket).not.toHaveProperty('assigneeEmail');
      expect(ticket.url).toBe(`${jira.url}/browse/SUP-7`);
    });

    it('sees a status change made in Jira', async () => {
      jira.setStatus('OPS-123', 'Closed', 'done');

      const ticket = await trackerFor().getTicket('OPS-123');

      expect(ticket).toMatchObject({ status: 'Closed', statusCategory: 'done' });
    });

    it('maps 404 to ticket_not_found with the key in the message', async () => {
      const error = await failureOf(trackerFor().getTicket('OPS-404'));

      expect(error.code).toBe('ticket_not_found');
      expect(error.message).toBe('OPS-404 does not exist, or Grantdesk cannot see it');
    });

    it('maps refused credentials (401) to tracker_unavailable naming the variables to check', async () => {
      const error = await failureOf(trackerFor({ apiToken: 'wrong-token' }).getTicket('OPS-123'));

      expect(error.code).toBe('tracker_unavailable');
      expect(error.message).toMatch(/^Jira refused Grantdesk's credentials/);
      expect(error.message).toContain('JIRA_EMAIL and JIRA_API_TOKEN');
      expect(error.message).toContain('JIRA_PAT');
      expect(error.details).toMatchObject({ status: 401 });
      expect(jira.requests).toHaveLength(1);
    });

    it('maps 403 the same way as 401', async () => {
      jira.failNext(1, { status: 403 });

      const error = await failureOf(trackerFor().getTicket('OPS-123'));

      expect(error.code).toBe('tracker_unavailable');
      expect(error.message).toMatch(/^Jira refused Grantdesk's credentials \(HTTP 403\)/);
    });

    it('waits for Retry-After on 429 and then succeeds', async () => {
      jira.failNext(1, { status: 429, retryAfterSeconds: 1 });

      // A budget far beyond the one-second wait, so that a busy machine cannot spend it before the retry.
      const { result, elapsedMs } = await timed(() => trackerFor({ timeoutMs: 20_000 }).getTicket('OPS-123'));

      expect(result.key).toBe('OPS-123');
      expect(jira.requests.map((request) => request.status)).toEqual([429, 200]);
      expect(elapsedMs).toBeGreaterThanOrEqual(950);
      const gap = jira.requests[1]!.at.getTime() - jira.requests[0]!.at.getTime();
      expect(gap).toBeGreaterThanOrEqual(950);
    });

    it('gives up with tracker_unavailable after two retries when Jira keeps answering 429', async () => {
      jira.failNext(5, { status: 429, retryAfterSeconds: 0 });

      const error = await failureOf(trackerFor().getTicket('OPS-123'));

      expect(error.code).toBe('tracker_unavailable');
      expect(error.message).toBe('Jira is rate-limiting Grantdesk, try again in a minute');
      expect(jira.requests.map((request) => request.status)).toEqual([429, 429, 429]);
    });

    it('does not sleep towards a certain timeout when Retry-After exceeds the budget', async () => {
      jira.failNext(1, { status: 429, retryAfterSeconds: 60 });

      const { result: error, elapsedMs } = await timed(() =>
        failureOf(trackerFor({ timeoutMs: 20_000 }).getTicket('OPS-123')),
      );

      expect(error.code).toBe('tracker_unavailable');
      expect(error.details).toMatchObject({ status: 429, retryAfter: '60' });
      // Waiting would take the whole 20 s budget; giving up at once takes one request. Half the budget tells the two
      // apart on any machine.
      expect(elapsedMs).toBeLessThan(10_000);
      expect(jira.requests).toHaveLength(1);
    });

    it('maps a 5xx to tracker_unavailable without retrying', async () => {
      jira.failNext(1, { status: 503 });

      const error = await failureOf(trackerFor().getTicket('OPS-123'));

      expect(error).toMatchObject({ code: 'tracker_unavailable', message: NO_ANSWER, details: { status: 503 } });
      expect(jira.requests).toHaveLength(1);
    });

    it('times out a slow answer after about timeoutMs', async () => {
      jira.delayNext(25_000);

      const { result: error, elapsedMs } = await timed(() =>
        failureOf(trackerFor({ timeoutMs: 500 }).getTicket('OPS-123')),
      );

      expect(error).toMatchObject({ code: 'tracker_unavailable', message: NO_ANSWER });
      expect(elapsedMs).toBeGreaterThanOrEqual(450);
      // It gave up rather than wait for the answer 25 s later; how soon after 500 ms depends on the machine.
      expect(elapsedMs).toBeLessThan(12_500);
    });

    it('maps a refused connection to tracker_unavailable', async () => {
      const gone = await startFakeJira();
      const url = gone.url;
      await gone.stop();

      const error = await failureOf(trackerFor({ baseUrl: url }).getTicket('OPS-123'));

      expect(error).toMatchObject({
        code: 'tracker_unavailable',
        message: NO_ANSWER,
        details: { cause: 'ECONNREFUSED' },
      });
    });

    it('refuses a key outside the allowed projects without asking Jira', async () => {
      const error = await failureOf(trackerFor({ allowedProjects: ['SEC', 'SUP'] }).getTicket('OPS-123'));

      expect(error.code).toBe('ticket_not_allowed');
      expect(error.message).toBe(
        'OPS-123 is in project OPS, which Grantdesk does not accept; use a ticket in one of: SEC, SUP',
      );
      expect(jira.requests).toHaveLength(0);
    });

    it('refuses text that is not a ticket key without asking Jira', async () => {
      const error = await failureOf(trackerFor().getTicket('OPS-1/../../myself'));

      expect(error.code).toBe('invalid_ticket');
      expect(jira.requests).toHaveLength(0);
    });
  });

  describe('Data Center personal access token', () => {
    let dataCenter: FakeJira;

    beforeAll(async () => {
      dataCenter = await startFakeJira({ pat: 'dc-personal-access-token' });
      dataCenter.addIssue({ key: 'SEC-9', summary: 'Audit', status: 'Open', statusCategory: 'new', assignee: null });
    });

    afterAll(async () => {
      await dataCenter.stop();
    });

    it('authenticates with a bearer token', async () => {
      const tracker = new JiraTicketTracker({
        baseUrl: dataCenter.url,
        pat: 'dc-personal-access-token',
        timeoutMs: 3_000,
      });

      const ticket = await tracker.getTicket('SEC-9');

      expect(ticket.key).toBe('SEC-9');
      expect(dataCenter.requests.at(-1)?.authorization).toBe('Bearer dc-personal-access-token');
    });

    it('maps a wrong token to tracker_unavailable', async () => {
      const tracker = new JiraTicketTracker({ baseUrl: dataCenter.url, pat: 'stale-token', timeoutMs: 3_000 });

      const error = await failureOf(tracker.getTicket('SEC-9'));

      expect(error.code).toBe('tracker_unavailable');
      expect(error.message).toMatch(/^Jira refused Grantdesk's credentials/);
    });
  });

  describe('addComment', () => {
    it('posts the body as a v2 plain-text comment and Jira records it exactly', async () => {
      const body = 'Grantdesk: impersonation grant G-7K3M9Q is ACTIVE.\nTenant: acme\nReason: "quotes" & ünïcödé';

      await trackerFor().addComment('ops-123', body);

      expect(jira.comments('OPS-123').at(-1)).toBe(body);
      const request = jira.requests.at(-1);
      expect(request).toMatchObject({
        method: 'POST',
        path: '/rest/api/2/issue/OPS-123/comment',
        status: 201,
        body: { body },
      });
    });

    it('retries a rate-limited comment within the budget', async () => {
      jira.failNext(1, { status: 429, retryAfterSeconds: 0 });

      await trackerFor().addComment('OPS-123', 'after a pause');

      expect(jira.requests.map((request) => request.status)).toEqual([429, 201]);
      expect(jira.comments('OPS-123').filter((comment) => comment === 'after a pause')).toHaveLength(1);
    });

    it('maps a comment on an unknown ticket to ticket_not_found', async () => {
      const error = await failureOf(trackerFor().addComment('OPS-999', 'hello'));

      expect(error).toMatchObject({
        code: 'ticket_not_found',
        message: 'OPS-999 does not exist, or Grantdesk cannot see it',
      });
    });

    it("reports Jira's own refusal of a comment that is too long", async () => {
      const error = await failureOf(trackerFor().addComment('OPS-123', 'x'.repeat(32_768)));

      expect(error.code).toBe('tracker_unavailable');
      expect(error.message).toContain('HTTP 400');
      expect(error.message).toContain('exceeds the allowed limit of 32,767 characters');
    });
  });
});
