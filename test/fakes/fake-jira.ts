/**
 * A protocol-level fake of Jira's REST API v2: a real HTTP server on 127.0.0.1 that answers the two calls Grantdesk
 * makes (read an issue, comment on it) with Jira's JSON shapes and error bodies, checks credentials the way Cloud
 * (basic email:API token) or Data Center (bearer personal access token) does, enforces Jira's comment length limit,
 * and lets a test script rate limiting, failures and slow answers. Every request is logged for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeSignal } from './change-signal.ts';

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface FakeIssueInput {
  key: string;
  summary: string;
  status: string;
  statusCategory: StatusCategoryKey;
  assignee: string | null;
  /** Defaults to the key's project part. */
  project?: string;
}

export interface FakeJiraOptions {
  /** Accepted basic credentials (Jira Cloud). Defaults to DEFAULT_CREDENTIALS when no PAT is given either. */
  email?: string;
  apiToken?: string;
  /** Accepted bearer token (Jira Data Center). */
  pat?: string;
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

export interface RecordedComment {
  id: string;
  body: string;
  created: string;
}

export const DEFAULT_CREDENTIALS = { email: 'grantdesk@example.test', apiToken: 'fake-jira-api-token' } as const;

/** Jira's text field limit (jira.text.field.character.limit), which applies to comment bodies. */
export const JIRA_TEXT_LIMIT = 32_767;

const CATEGORIES: Record<StatusCategoryKey, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, name: 'Done', colorName: 'green' },
};

const ISSUE_PATH = /^\/rest\/api\/2\/issue\/([^/]+)$/;
const COMMENT_PATH = /^\/rest\/api\/2\/issue\/([^/]+)\/comment$/;

interface StoredIssue extends Required<FakeIssueInput> {
  id: string;
  comments: RecordedComment[];
}

export class FakeJira {
  readonly requests: RecordedRequest[] = [];
  private readonly issues = new Map<string, StoredIssue>();
  private readonly server: Server;
  private readonly acceptedAuthorization: string[] = [];
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private readonly signal = new ChangeSignal();
  private failures: { remaining: number; script: FailureScript } | null = null;
  private delays: number[] = [];
  private held: (() => void)[] | null = null;
  private nextId = 10_000;
  private baseUrl: string | null = null;

  constructor(options: FakeJiraOptions = {}) {
    const basic = options.email && options.apiToken ? options : options.pat ? null : DEFAULT_CREDENTIALS;
    if (basic?.email && basic.apiToken) {
      this.acceptedAuthorization.push(`Basic ${Buffer.from(`${basic.email}:${basic.apiToken}`).toString('base64')}`);
    }
    if (options.pat) this.acceptedAuthorization.push(`Bearer ${options.pat}`);
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
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
  async stop(): Promise<void> {
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    this.held = null;
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('FakeJira is not started');
    return this.baseUrl;
  }

  addIssue(input: FakeIssueInput): void {
    const key = input.key.toUpperCase();
    this.issues.set(key, {
      ...input,
      key,
      project: input.project ?? key.slice(0, key.lastIndexOf('-')),
      id: String(this.nextId++),
      comments: this.issues.get(key)?.comments ?? [],
    });
  }

  setStatus(key: string, status: string, statusCategory: StatusCategoryKey): void {
    const issue = this.issues.get(key.toUpperCase());
    if (!issue) throw new Error(`FakeJira has no issue ${key}`);
    issue.status = status;
    issue.statusCategory = statusCategory;
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
      for (const send of waiting) send();
    };
  }

  /** Forgets scripted failures and delays and empties the request log; issues and comments stay. */
  reset(): void {
    this.failures = null;
    this.delays = [];
    this.requests.length = 0;
  }

  /**
   * Resolves with what `condition` returns once it is truthy, re-checking it after each request the fake takes in
   * (see change-signal.ts for the time limit); rejects naming the requests seen.
   */
  waitFor<T>(condition: () => T | undefined | null | false, timeoutMs?: number): Promise<T> {
    return this.signal.until(
      condition,
      () => {
        const seen = this.requests.map((request) => `${request.method} ${request.path} (${request.status})`).join(', ');
        return `fake Jira: condition not met; requests so far: ${seen || 'none'}`;
      },
      timeoutMs,
    );
  }

  /** Bodies of the comments on an issue, oldest first. */
  comments(key: string): string[] {
    return (this.issues.get(key.toUpperCase())?.comments ?? []).map((comment) => comment.body);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
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
    this.signal.changed();
    const send = () => {
      if (response.destroyed) return;
      response.writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8', ...answer.headers });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    };
    if (this.held) {
      this.held.push(send);
      return;
    }
    const delay = this.delays.shift();
    if (delay === undefined) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.pendingTimers.delete(timer);
      send();
    }, delay);
    this.pendingTimers.add(timer);
  }

  private answer(
    entry: RecordedRequest,
    raw: string,
    contentType: string | undefined,
  ): { status: number; body?: unknown; headers?: Record<string, string> } {
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
    const issueMatch = ISSUE_PATH.exec(entry.path);
    if (issueMatch && entry.method === 'GET') return this.readIssue(decodeURIComponent(issueMatch[1]!), entry.query);
    const commentMatch = COMMENT_PATH.exec(entry.path);
    if (commentMatch && entry.method === 'POST') {
      return this.addComment(decodeURIComponent(commentMatch[1]!), raw, contentType);
    }
    return { status: 404, body: jiraError([`null for uri: ${this.url}${entry.path}`]) };
  }

  private readIssue(key: string, query: Record<string, string>): { status: number; body: unknown } {
    const issue = this.issues.get(key.toUpperCase());
    if (!issue)
      return { status: 404, body: jiraError(['Issue does not exist or you do not have permission to see it.']) };
    const category = CATEGORIES[issue.statusCategory];
    const allFields: Record<string, unknown> = {
      summary: issue.summary,
      status: {
        name: issue.status,
        statusCategory: {
          self: `${this.url}/rest/api/2/statuscategory/${category.id}`,
          key: issue.statusCategory,
          ...category,
        },
      },
      assignee: issue.assignee === null ? null : { displayName: issue.assignee, active: true },
      project: { key: issue.project, name: issue.project },
    };
    // Like Jira: `fields` lists the fields to return; absent or `*all` returns them all.
    const wanted = query.fields?.split(',').map((field) => field.trim()) ?? ['*all'];
    const fields = wanted.includes('*all')
      ? allFields
      : Object.fromEntries(Object.entries(allFields).filter(([name]) => wanted.includes(name)));
    return {
      status: 200,
      body: { expand: '', id: issue.id, self: `${this.url}/rest/api/2/issue/${issue.id}`, key: issue.key, fields },
    };
  }

  private addComment(key: string, raw: string, contentType: string | undefined): { status: number; body: unknown } {
    const issue = this.issues.get(key.toUpperCase());
    if (!issue)
      return { status: 404, body: jiraError(['Issue does not exist or you do not have permission to see it.']) };
    if (!contentType?.includes('application/json')) {
      return { status: 415, body: jiraError(['Unsupported Media Type']) };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { status: 400, body: jiraError(['Unexpected character in request body']) };
    }
    const body = (parsed as { body?: unknown } | null)?.body;
    if (typeof body !== 'string' || body.trim() === '') {
      return { status: 400, body: jiraError([], { comment: 'Comment body can not be empty!' }) };
    }
    if (body.length > JIRA_TEXT_LIMIT) {
      return {
        status: 400,
        body: jiraError([], {
          comment: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.',
        }),
      };
    }
    const comment = { id: String(this.nextId++), body, created: jiraTimestamp(new Date()) };
    issue.comments.push(comment);
    return {
      status: 201,
      body: {
        self: `${this.url}/rest/api/2/issue/${issue.id}/comment/${comment.id}`,
        ...comment,
        updated: comment.created,
      },
    };
  }
}

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const fake = new FakeJira(options);
  await fake.start();
  return fake;
}

function jiraError(errorMessages: string[], errors: Record<string, string> = {}): unknown {
  return { errorMessages, errors };
}

/** Jira's timestamp form: `2024-05-01T10:00:00.000+0000`. */
function jiraTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
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
