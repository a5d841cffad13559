/**
 * The TicketTracker port over Jira's REST API version 2, which Jira Cloud and Jira Data Center both serve, through
 * the `jira-client` package. Cloud authenticates with an account email and API token (basic auth), Data Center with a
 * personal access token (bearer).
 *
 * jira-client's own transport rejects with the response body alone, so a 404, a 401 and a 429 look the same and the
 * Retry-After header is lost. Its `request` option (the hook it offers for swapping the transport) is therefore
 * given one that drives the same HTTP library, postman-request, but always resolves with the status, the
 * Retry-After header and the body, or with the network error's code; this class then decides what each outcome
 * means. jira-client still builds every URL, query, auth header and body.
 */
import { createRequire } from 'node:module';
import JiraApi from 'jira-client';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { TicketSnapshot } from '../domain/grant.ts';
import type { TicketTracker } from '../domain/ports.ts';
import { toStorableText } from '../domain/storable-text.ts';
import { parseTicketKey } from '../domain/ticket-key.ts';
import { assertProjectAllowed } from '../domain/ticket-policy.ts';
import { measureExternalCall } from '../metrics/instruments.ts';
import { jiraErrorText } from './jira-error-text.ts';

export interface JiraTicketTrackerOptions {
  /** `https://acme.atlassian.net`, or `http://127.0.0.1:8080/jira` for a local server; a path is kept as a prefix. */
  baseUrl: string;
  /** Jira Cloud: the account's email and an API token (basic auth). */
  email?: string;
  apiToken?: string;
  /** Jira Data Center: a personal access token (bearer). Used instead of email/apiToken when both are given. */
  pat?: string;
  /** Budget for one getTicket or addComment, rate-limit waits and retries included. */
  timeoutMs: number;
  /** When set, keys from other projects are refused before Jira is asked (see getTicket). */
  allowedProjects?: string[];
}

/**
 * 429 policy: Jira asks for a pause in Retry-After (seconds, or an HTTP date). A call retries at most
 * MAX_RATE_LIMIT_RETRIES times, and only while the pause plus MIN_ATTEMPT_MS still fits in what is left of its
 * timeoutMs budget; otherwise it gives up at once rather than sleep towards a certain timeout. Callers on the
 * Slack path cannot wait long, and the jobs that comment retry on their own schedule.
 */
const MAX_RATE_LIMIT_RETRIES = 2;
/** Pause when a 429 carries no usable Retry-After: Atlassian's guidance is to back off for about a second first. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** Below this a retry would almost surely time out: a Jira round trip for one issue takes a few hundred ms. */
const MIN_ATTEMPT_MS = 100;

/** The fields getTicket reads; asking for only these keeps Jira from serialising every custom field. */
const TICKET_FIELDS = 'summary,status,assignee';

const NO_ANSWER = 'Jira did not answer, try again in a minute';

/** What the transport hands back through jira-client: always resolved, never thrown, so nothing is lost. */
type Outcome =
  | { kind: 'answered'; status: number; retryAfter: string | undefined; body: unknown }
  | { kind: 'failed'; cause: string };

interface TransportResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}
type TransportCallback = (error: (Error & { code?: string }) | null, response: TransportResponse) => void;
type PostmanRequest = (options: Record<string, unknown>, callback: TransportCallback) => { abort(): void };

// The copy jira-client itself resolves, so the transport is exactly the one its default would use.
const postmanRequest: PostmanRequest = createRequire(createRequire(import.meta.url).resolve('jira-client'))(
  'postman-request',
);

export class JiraTicketTracker implements TicketTracker {
  private readonly baseUrl: string;
  private readonly location: { protocol: string; host: string; port: string | undefined; base: string };
  private readonly auth: Pick<JiraApi.JiraApiOptions, 'bearer' | 'username' | 'password'>;
  private readonly timeoutMs: number;
  private readonly allowedProjects: string[] | undefined;

  constructor(options: JiraTicketTrackerOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`JIRA_BASE_URL must be an http(s) URL, got ${options.baseUrl}`);
    }
    this.baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.location = {
      protocol: url.protocol.slice(0, -1),
      host: url.hostname,
      port: url.port || undefined,
      base: url.pathname.replace(/\/+$/, ''),
    };
    if (options.pat) this.auth = { bearer: options.pat };
    else if (options.email && options.apiToken) this.auth = { username: options.email, password: options.apiToken };
    else throw new Error('Jira needs JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud) or JIRA_PAT (Data Center)');
    if (!(options.timeoutMs > 0)) throw new Error(`JIRA_TIMEOUT must be positive, got ${options.timeoutMs} ms`);
    this.timeoutMs = options.timeoutMs;
    this.allowedProjects = options.allowedProjects;
  }

  /**
   * A key outside allowedProjects is refused (`ticket_not_allowed`) without asking Jira, so Grantdesk never reveals
   * whether a ticket exists in a project it does not accept. The use case still runs validateTicket on the answer,
   * which covers an issue Jira has since moved into another project.
   */
  async getTicket(key: string): Promise<TicketSnapshot> {
    const ticketKey = canonicalKey(key);
    assertProjectAllowed(ticketKey, this.allowedProjects);
    const body = await measureExternalCall('jira', 'getTicket', () =>
      this.call(ticketKey, 'getTicket', (client) => readIssue(client, ticketKey)),
    );
    return this.snapshotOf(ticketKey, body);
  }

  /** Posts a plain-text comment (REST v2 takes the body as a string). */
  async addComment(key: string, body: string): Promise<void> {
    const ticketKey = canonicalKey(key);
    await measureExternalCall('jira', 'addComment', () =>
      this.call(ticketKey, 'addComment', (client) => client.addComment(ticketKey, body)),
    );
  }

  /** Runs one request, retrying 429s within the budget; returns the 2xx body or throws the mapped error. */
  private async call(
    ticketKey: string,
    operation: string,
    send: (client: JiraApi) => Promise<unknown>,
  ): Promise<unknown> {
    const deadline = Date.now() + this.timeoutMs;
    for (let retries = 0; ; retries += 1) {
      // jira-client's types promise a JSON body; with our transport the promise holds an Outcome instead.
      const outcome = (await send(this.clientUntil(deadline))) as Outcome;
      if (outcome.kind === 'failed') {
        throw new GrantdeskError(ErrorCode.TrackerUnavailable, NO_ANSWER, {
          ticketKey,
          operation,
          cause: outcome.cause,
        });
      }
      if (outcome.status !== 429) return this.bodyOf(ticketKey, operation, outcome.status, outcome.body);
      const waitMs = retryAfterMs(outcome.retryAfter, Date.now());
      const remainingMs = deadline - Date.now();
      if (retries >= MAX_RATE_LIMIT_RETRIES || waitMs + MIN_ATTEMPT_MS > remainingMs) {
        throw new GrantdeskError(
          ErrorCode.TrackerUnavailable,
          'Jira is rate-limiting Grantdesk, try again in a minute',
          {
            ticketKey,
            operation,
            status: 429,
            retryAfter: outcome.retryAfter ?? null,
            retries,
          },
        );
      }
      await sleep(waitMs);
    }
  }

  /**
   * A client whose requests end by the deadline. jira-client passes `timeout` (ms to connect and to receive the
   * response headers) to postman-request; the transport also aborts at the deadline itself, so a body that trickles
   * in slowly cannot outlast the budget either. Building a client is a few field assignments, so one per attempt.
   */
  private clientUntil(deadline: number): JiraApi {
    return new JiraApi({
      ...this.location,
      ...this.auth,
      apiVersion: '2',
      strictSSL: true,
      timeout: Math.max(1, deadline - Date.now()),
      request: transportUntil(deadline),
    });
  }

  private bodyOf(ticketKey: string, operation: string, status: number, body: unknown): unknown {
    if (status >= 200 && status < 300) return body;
    const details = { ticketKey, operation, status, jira: jiraErrorText(body) };
    if (status === 404) {
      throw new GrantdeskError(
        ErrorCode.TicketNotFound,
        `${ticketKey} does not exist, or Grantdesk cannot see it`,
        details,
      );
    }
    if (status === 401 || status === 403) {
      throw new GrantdeskError(
        ErrorCode.TrackerUnavailable,
        `Jira refused Grantdesk's credentials (HTTP ${status}); an operator should check JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud) or JIRA_PAT (Data Center)`,
        details,
      );
    }
    if (status >= 500) throw new GrantdeskError(ErrorCode.TrackerUnavailable, NO_ANSWER, details);
    const said = details.jira ? `: ${details.jira}` : '';
    throw new GrantdeskError(
      ErrorCode.TrackerUnavailable,
      `Jira refused the request for ${ticketKey} (HTTP ${status})${said}`,
      details,
    );
  }

  private snapshotOf(requestedKey: string, body: unknown): TicketSnapshot {
    const issue = body as { key?: unknown; fields?: Record<string, unknown> } | null;
    const fields = issue?.fields;
    const status = fields?.status as { name?: unknown; statusCategory?: { key?: unknown } } | undefined;
    const assignee = fields?.assignee as { displayName?: unknown; emailAddress?: unknown } | null | undefined;
    if (typeof issue?.key !== 'string' || typeof status?.name !== 'string') {
      // A 200 that is not an issue: typically an SSO or proxy login page in front of Jira.
      throw new GrantdeskError(ErrorCode.TrackerUnavailable, NO_ANSWER, {
        ticketKey: requestedKey,
        operation: 'getTicket',
        cause: 'unexpected response body',
      });
    }
    // Jira answers for a moved issue under its current key; the snapshot (and its link) follow that key.
    const key = issue.key;
    return {
      key,
      // Jira's text, which nobody here typed, goes into the trail: what Postgres cannot store becomes U+FFFD before it
      // is hashed, so the stored row matches its hash; refusing it would refuse a ticket for its summary.
      summary: typeof fields?.summary === 'string' ? toStorableText(fields.summary) : '',
      status: toStorableText(status.name),
      // `undefined` is Jira's own key for the "No Category" status category.
      statusCategory: typeof status.statusCategory?.key === 'string' ? status.statusCategory.key : 'undefined',
      assignee: typeof assignee?.displayName === 'string' ? toStorableText(assignee.displayName) : null,
      ...(typeof assignee?.emailAddress === 'string' && { assigneeEmail: toStorableText(assignee.emailAddress) }),
      url: `${this.baseUrl}/browse/${key}`,
    };
  }
}

/**
 * GET /rest/api/2/issue/{key}?fields=…, built by jira-client. Not its findIssue, which sends `properties=*all` when
 * no properties are named, making Jira load and serialise every entity property of the issue for nothing.
 */
function readIssue(client: JiraApi, ticketKey: string): Promise<unknown> {
  const internals = client as unknown as {
    makeUri(options: { pathname: string; query: Record<string, string> }): string;
    makeRequestHeader(uri: string): unknown;
    doRequest(options: unknown): Promise<unknown>;
  };
  const uri = internals.makeUri({ pathname: `/issue/${ticketKey}`, query: { fields: TICKET_FIELDS } });
  return internals.doRequest(internals.makeRequestHeader(uri));
}

/** jira-client puts the key into the URL path unencoded, so only well-formed keys may reach it. */
function canonicalKey(key: string): string {
  const ticketKey = parseTicketKey(key);
  if (!ticketKey) {
    throw new GrantdeskError(ErrorCode.InvalidTicket, `"${key}" is not a Jira ticket key; use the form OPS-123`, {
      field: 'ticket',
    });
  }
  return ticketKey;
}

/** The transport for jira-client's `request` option: postman-request, resolving every outcome, aborted at deadline. */
function transportUntil(deadline: number): (options: Record<string, unknown>) => Promise<Outcome> {
  return (options) =>
    new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          request.abort();
          resolve({ kind: 'failed', cause: 'deadline' });
        },
        Math.max(0, deadline - Date.now()),
      );
      const request = postmanRequest(options, (error, response) => {
        clearTimeout(timer);
        if (error) {
          resolve({ kind: 'failed', cause: error.code ?? error.message });
          return;
        }
        const retryAfter = response.headers['retry-after'];
        resolve({
          kind: 'answered',
          status: response.statusCode,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          body: response.body,
        });
      });
    });
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMs(header: string | undefined, now: number): number {
  const text = header?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
