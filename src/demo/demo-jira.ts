/**
 * A pretend Jira on 127.0.0.1, for the demo and the tests alike: it answers the two REST v2 calls Grantdesk makes
 * (jira-issues.ts), checks credentials as Jira Cloud (basic email:API token) or Data Center (bearer personal access
 * token) does, serves a page per ticket at `/browse/<KEY>` (where Grantdesk's cards link) with a button that moves it
 * to Done and tells Grantdesk by webhook, and lets a test script failures, rate limiting and slow answers. Every REST
 * request is logged; listeners hear of each one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepConnectionsAlive } from '../http/keep-alive.ts';
import { DEMO_TICKETS } from './demo-tickets.ts';
import { type JiraAnswer, type JiraIssueInput, JiraIssues, jiraError, type StatusCategoryKey } from './jira-issues.ts';
import { ticketPage } from './jira-ticket-page.ts';
import { JiraWebhookSender } from './jira-webhook-sender.ts';

export interface DemoJiraOptions {
  /** Accepted basic credentials (Jira Cloud). */
  email?: string;
  apiToken?: string;
  /** Accepted bearer token (Jira Data Center). */
  pat?: string;
  issues?: readonly JiraIssueInput[];
}

export interface FailureScript {
  status: number;
  /** Sent as the Retry-After header (delay-seconds). */
  retryAfterSeconds?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  /** The JSON body, parsed; raw text when it is not JSON; undefined when empty. */
  body: unknown;
  status: number;
  at: Date;
}

const ISSUE_PATH = /^\/rest\/api\/2\/issue\/([^/]+)$/;
const COMMENT_PATH = /^\/rest\/api\/2\/issue\/([^/]+)\/comment$/;
const BROWSE_PATH = /^\/browse\/([^/]+)$/;
const DONE_PATH = /^\/browse\/([^/]+)\/done$/;

export class DemoJira {
  readonly requests: RecordedRequest[] = [];
  /** Tells Grantdesk when a ticket is moved on its page (connect it to `/webhooks/jira`). */
  readonly webhooks = new JiraWebhookSender();
  private readonly issues = new JiraIssues();
  private readonly server: Server;
  private readonly acceptedAuthorization: string[] = [];
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<() => void>();
  private failures: { remaining: number; script: FailureScript } | null = null;
  private delays: number[] = [];
  private held: (() => void)[] | null = null;
  private baseUrl: string | null = null;

  constructor(options: DemoJiraOptions = {}) {
    if (options.email && options.apiToken) {
      const basic = Buffer.from(`${options.email}:${options.apiToken}`).toString('base64');
      this.acceptedAuthorization.push(`Basic ${basic}`);
    }
    if (options.pat) this.acceptedAuthorization.push(`Bearer ${options.pat}`);
    for (const issue of options.issues ?? []) this.addIssue(issue);
    this.server = keepConnectionsAlive(
      createServer((request, response) => {
        this.handle(request, response).catch(() =>
          send(response, { status: 500, body: jiraError(['Internal error']) }),
        );
      }),
    );
  }

  /** The demo's Jira: its tickets, on a free port, taking `pat` (JIRA_PAT) as Data Center does. */
  static async start(pat: string, issues: readonly JiraIssueInput[] = DEMO_TICKETS): Promise<DemoJira> {
    const jira = new DemoJira({ pat, issues });
    await jira.start();
    return jira;
  }

  async start(): Promise<{ url: string }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return { url: this.baseUrl };
  }

  /** Stops listening and drops every connection, slow answers still pending included. */
  async close(): Promise<void> {
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    this.held = null;
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('The Jira is not started');
    return this.baseUrl;
  }

  addIssue(input: JiraIssueInput): void {
    this.issues.add(input);
  }

  setStatus(key: string, status: string, statusCategory: StatusCategoryKey): void {
    const issue = this.issues.get(key);
    if (!issue) throw new Error(`The Jira has no issue ${key}`);
    issue.status = status;
    issue.statusCategory = statusCategory;
  }

  /** Bodies of the comments on an issue, oldest first. */
  comments(key: string): string[] {
    return (this.issues.get(key)?.comments ?? []).map((comment) => comment.body);
  }

  /** The next `count` requests, whatever they are, get this status (and Retry-After, when given). */
  failNext(count: number, script: FailureScript): void {
    this.failures = { remaining: count, script };
  }

  /** The next request is answered only after `ms` milliseconds (further calls queue further delays). */
  delayNext(ms: number): void {
    this.delays.push(ms);
  }

  /**
   * Answers nothing until the returned function is called: requests are received and logged, and their answers wait,
   * as when Jira is slow. Lets a test look at Grantdesk while it waits on Jira, without a clock.
   */
  holdAnswers(): () => void {
    this.held ??= [];
    return () => {
      const waiting = this.held ?? [];
      this.held = null;
      for (const answer of waiting) answer();
    };
  }

  /** Forgets scripted failures and delays and empties the request log; issues and comments stay. */
  reset(): void {
    this.failures = null;
    this.delays = [];
    this.requests.length = 0;
  }

  /** Called after each REST request is logged and its answer decided. */
  onRequest(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const browse = BROWSE_PATH.exec(url.pathname);
    if (browse && request.method === 'GET') return this.browse(decodeURIComponent(browse[1]!), response);
    const done = DONE_PATH.exec(url.pathname);
    if (done && request.method === 'POST') return this.moveToDone(decodeURIComponent(done[1]!), request, response);
    const raw = await readBody(request);
    const entry: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization ?? null,
      body: parseJson(raw),
      status: 0,
      at: new Date(),
    };
    this.requests.push(entry);
    const answer = this.answer(entry, raw, request.headers['content-type']);
    entry.status = answer.status;
    for (const listener of this.listeners) listener();
    this.schedule(() => send(response, answer));
  }

  /** Sends now, after a scripted delay, or when held answers are released. */
  private schedule(answer: () => void): void {
    if (this.held) {
      this.held.push(answer);
      return;
    }
    const delay = this.delays.shift();
    if (delay === undefined) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      this.pendingTimers.delete(timer);
      answer();
    }, delay);
    this.pendingTimers.add(timer);
  }

  private answer(entry: RecordedRequest, raw: string, contentType: string | undefined): JiraAnswer {
    if (this.failures && this.failures.remaining > 0) {
      const { script } = this.failures;
      this.failures.remaining -= 1;
      const headers: Record<string, string> =
        script.retryAfterSeconds === undefined ? {} : { 'retry-after': String(script.retryAfterSeconds) };
      const message = script.status === 429 ? 'Rate limit exceeded.' : `Scripted failure (HTTP ${script.status}).`;
      return { status: script.status, headers, body: jiraError([message]) };
    }
    if (!entry.authorization || !this.acceptedAuthorization.includes(entry.authorization)) {
      return {
        status: 401,
        headers: { 'www-authenticate': 'Basic realm="protected-area"' },
        body: jiraError(['Client must be authenticated to access this resource.']),
      };
    }
    const issue = ISSUE_PATH.exec(entry.path);
    if (issue && entry.method === 'GET') return this.issues.read(decodeURIComponent(issue[1]!), entry.query, this.url);
    const comment = COMMENT_PATH.exec(entry.path);
    if (comment && entry.method === 'POST') {
      return this.issues.comment(decodeURIComponent(comment[1]!), raw, contentType, this.url, new Date());
    }
    return { status: 404, body: jiraError([`null for uri: ${this.url}${entry.path}`]) };
  }

  private browse(key: string, response: ServerResponse): void {
    const ticket = this.issues.get(key);
    if (!ticket) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${key} does not exist in the demo Jira.`);
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    response.end(ticketPage(ticket));
  }

  /** The ticket page's "Move to Done": the status changes, Grantdesk is told, and the page is shown again. */
  private async moveToDone(key: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Only the ticket page's own form: another site's page cannot close tickets through a visitor's browser.
    const origin = request.headers.origin;
    const ticket = this.issues.get(key);
    if ((origin !== undefined && origin !== this.baseUrl) || !ticket) {
      response.writeHead(origin !== undefined && origin !== this.baseUrl ? 403 : 404, {
        'content-type': 'text/plain; charset=utf-8',
      });
      response.end(ticket ? 'Only the ticket page can move a ticket.' : `${key} does not exist in the demo Jira.`);
      return;
    }
    request.resume();
    if (ticket.statusCategory !== 'done') {
      this.setStatus(key, 'Done', 'done');
      await this.webhooks.issueUpdated(ticket);
    }
    response.writeHead(303, { location: `/browse/${encodeURIComponent(ticket.key)}` });
    response.end();
  }
}

function send(response: ServerResponse, answer: JiraAnswer): void {
  if (response.destroyed) return;
  response.writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8', ...answer.headers });
  response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
