import type {
  ActionResult,
  ApiErrorBody,
  AuditEventPage,
  ConsoleAction,
  ConsoleActionRecorded,
  EndResult,
  ImpersonationStats,
  Page,
  SessionCheck,
  SessionInfo,
  UseResult,
} from './api-types.js';
import { GrantdeskApiError } from './grantdesk-api-error.js';

/**
 * Every operation of Grantdesk's REST API, by its OpenAPI operationId: the client's methods carry these names, and a
 * test holds this table equal to the paths and operations of the document Grantdesk serves (/api/v1/openapi.json).
 */
export const OPERATIONS = {
  useSession: { method: 'POST', path: '/api/v1/impersonation/sessions/{sessionId}/use' },
  recordAction: { method: 'POST', path: '/api/v1/impersonation/sessions/{sessionId}/record-action' },
  endSession: { method: 'POST', path: '/api/v1/impersonation/sessions/{sessionId}/end' },
  checkSession: { method: 'GET', path: '/api/v1/impersonation/sessions/{sessionId}/check' },
  streamSessionEvents: { method: 'GET', path: '/api/v1/impersonation/stream' },
  getSession: { method: 'GET', path: '/api/v1/impersonation/sessions/{sessionId}' },
  getActiveSession: { method: 'GET', path: '/api/v1/impersonation/active' },
  listSessions: { method: 'GET', path: '/api/v1/impersonation/audit' },
  listSessionsInRange: { method: 'GET', path: '/api/v1/impersonation/audit/range' },
  getStats: { method: 'GET', path: '/api/v1/impersonation/stats' },
  recordConsoleAction: { method: 'POST', path: '/api/v1/audit/events' },
  listAuditEvents: { method: 'GET', path: '/api/v1/audit/events' },
  exportAuditEvents: { method: 'GET', path: '/api/v1/audit/export' },
  getOpenApi: { method: 'GET', path: '/api/v1/openapi.json' },
} as const satisfies Record<string, { method: 'GET' | 'POST'; path: string }>;
export type OperationId = keyof typeof OPERATIONS;

type Query = Record<string, string | number | undefined>;

export interface GrantdeskClientOptions {
  /** Where Grantdesk serves its API, e.g. `https://grantdesk.example.com`. */
  baseUrl: string;
  /** An API token (`grantdesk token create`): sessions:write for the middleware, audit:read for the audit calls. */
  token: string;
  /** Per call; a call that takes longer fails (and the middleware treats Grantdesk as unreachable). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Typed calls for every REST endpoint (DESIGN.md §3, §5). Errors are thrown as GrantdeskApiError. */
export class GrantdeskClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: GrantdeskClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  useSession(sessionId: string, use: { ipAddress?: string; userAgent?: string } = {}): Promise<UseResult> {
    return this.json('useSession', { sessionId, body: use });
  }
  recordAction(sessionId: string, action: string): Promise<ActionResult> {
    return this.json('recordAction', { sessionId, body: { action } });
  }
  endSession(sessionId: string): Promise<EndResult> {
    return this.json('endSession', { sessionId });
  }
  checkSession(sessionId: string): Promise<SessionCheck> {
    return this.json('checkSession', { sessionId });
  }
  getSession(sessionId: string): Promise<SessionInfo> {
    return this.json('getSession', { sessionId });
  }
  getActiveSession(query: { adminUser: string; tenant: string }): Promise<SessionInfo> {
    return this.json('getActiveSession', { query });
  }
  listSessions(query: { page?: number; size?: number; tenant?: string } = {}): Promise<Page<SessionInfo>> {
    return this.json('listSessions', { query });
  }
  listSessionsInRange(query: {
    start: string;
    end: string;
    page?: number;
    size?: number;
    tenant?: string;
  }): Promise<Page<SessionInfo>> {
    return this.json('listSessionsInRange', { query });
  }
  getStats(query: { tenant?: string } = {}): Promise<ImpersonationStats> {
    return this.json('getStats', { query });
  }
  recordConsoleAction(action: ConsoleAction): Promise<ConsoleActionRecorded> {
    return this.json('recordConsoleAction', { body: action });
  }
  listAuditEvents(
    query: {
      type?: string;
      tenant?: string;
      actor?: string;
      start?: string;
      end?: string;
      cursor?: string;
      limit?: number;
    } = {},
  ): Promise<AuditEventPage> {
    return this.json('listAuditEvents', { query });
  }
  /** The export as it streams (CSV with a header, or JSON Lines): read `response.body`. */
  exportAuditEvents(query: { start: string; end: string; format?: 'csv' | 'jsonl' }): Promise<Response> {
    return this.request('exportAuditEvents', { query });
  }
  getOpenApi(): Promise<Record<string, unknown>> {
    return this.json('getOpenApi', {});
  }
  /**
   * The Server-Sent Events stream, open: read `response.body` (text/event-stream). `lastEventId` resumes after that
   * event. The middleware holds this stream for its cache; see SessionEventStream for a reader.
   */
  streamSessionEvents(options: { lastEventId?: number | null; signal?: AbortSignal } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (options.lastEventId != null) headers['last-event-id'] = String(options.lastEventId);
    return this.request('streamSessionEvents', { headers, signal: options.signal, timeout: false });
  }

  private async json<T>(operation: OperationId, call: Call): Promise<T> {
    const response = await this.request(operation, call);
    return (await response.json()) as T;
  }

  /** One call: the path filled in, the token, a JSON body; a non-2xx answer is thrown as GrantdeskApiError. */
  private async request(operation: OperationId, call: Call): Promise<Response> {
    const { method, path } = OPERATIONS[operation];
    const url = new URL(this.baseUrl + path.replace('{sessionId}', encodeURIComponent(call.sessionId ?? '')));
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, ...call.headers };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const timeout = call.timeout === false ? undefined : AbortSignal.timeout(this.timeoutMs);
    const signals = [timeout, call.signal].filter((signal): signal is AbortSignal => signal !== undefined);
    const response = await this.fetch(url, {
      method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    });
    if (response.ok) return response;
    const text = await response.text();
    let body: Partial<ApiErrorBody> = {};
    try {
      body = JSON.parse(text) as ApiErrorBody;
    } catch {}
    throw new GrantdeskApiError(
      response.status,
      body.error?.code ?? 'unknown',
      body.error?.message ?? text,
      body.error?.field,
    );
  }
}

interface Call {
  sessionId?: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** false for the stream, which stays open. */
  timeout?: false;
}
