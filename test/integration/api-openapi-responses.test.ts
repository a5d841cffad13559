/**
 * Every answer the running API gives is one its served OpenAPI document states: each operation is driven through
 * real HTTP against a real database to each status the document lists for it, and the body checked against the
 * document's schema for that status. The last test requires that every documented (operation, status) was produced.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  type ApiResponse,
  createApiHarness,
  TOKEN_KINDS,
  type TokenKind,
} from '../support/api-harness.ts';
import { DocumentedResponses, type ServedDocument } from '../support/openapi-responses.ts';
import { openEventStream } from '../support/sse-client.ts';

const SESSION = '/api/v1/impersonation/sessions/{sessionId}';
const op = {
  use: `POST ${SESSION}/use`,
  action: `POST ${SESSION}/record-action`,
  end: `POST ${SESSION}/end`,
  check: `GET ${SESSION}/check`,
  get: `GET ${SESSION}`,
  stream: 'GET /api/v1/impersonation/stream',
  active: 'GET /api/v1/impersonation/active',
  list: 'GET /api/v1/impersonation/audit',
  range: 'GET /api/v1/impersonation/audit/range',
  stats: 'GET /api/v1/impersonation/stats',
  record: 'POST /api/v1/audit/events',
  events: 'GET /api/v1/audit/events',
  export: 'GET /api/v1/audit/export',
  openapi: 'GET /api/v1/openapi.json',
};

let api: ApiHarness;
let served: ServedDocument & { paths: Record<string, Record<string, { 'x-grantdesk-scopes'?: string[] }>> };
let documented: DocumentedResponses;
beforeAll(async () => {
  api = await createApiHarness();
  served = (await api.call('GET', '/api/v1/openapi.json')).body;
  documented = new DocumentedResponses(served);
});
afterAll(() => api.close());

interface Ask {
  sessionId?: string;
  query?: Record<string, string>;
  /** admin unless named; null: no token. */
  token?: TokenKind | null;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** The stream never ends by itself: its headers are the answer, then the connection is dropped. */
async function openStream(on: ApiHarness, path: string, token: TokenKind | null): Promise<ApiResponse> {
  const controller = new AbortController();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${on.secrets[token]}` } : {};
  const response = await fetch(`${on.baseUrl}${path}`, { headers, signal: controller.signal });
  if (response.status === 200) {
    controller.abort();
    return { status: 200, headers: response.headers, body: null, text: '' };
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

/** Sends operation `key` to `on`, and expects the answer to be one the document states, shaped as it states. */
async function ask(key: string, request: Ask = {}, on = api): Promise<ApiResponse> {
  const [method, template] = key.split(' ') as [string, string];
  const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
  const path = template.replace('{sessionId}', encodeURIComponent(request.sessionId ?? '')) + query;
  const token = request.token === undefined ? 'admin' : request.token;
  const { body, raw, headers } = request;
  const response =
    key === op.stream ? await openStream(on, path, token) : await on.call(method, path, { token, body, raw, headers });
  const answer = { status: response.status, contentType: response.headers.get('content-type'), body: response.body };
  expect(documented.problems(key, answer), `${key} answered ${response.text.slice(0, 300)}`).toEqual([]);
  return response;
}

/** A console action with every optional field, so that each is sent through the documented schema. */
const change = { before: { state: 'active' }, after: { state: 'suspended' }, details: { note: 'asked by them' } };
const client = { ipAddress: '192.0.2.10', userAgent: 'console/1', occurredAt: '2026-01-02T03:04:05Z' };
const consoleAction = {
  id: randomUUID(),
  actor: { id: 'U0CONSOLE', email: 'ada@example.test' },
  action: 'tenant.suspend',
  tenant: 'acme-corp',
  ...change,
  ...client,
};

describe('every answer of the REST API is one its OpenAPI document states', () => {
  it('answers every operation’s successes as documented', async () => {
    const id = await api.aSession();
    const body = { ipAddress: '2001:db8::7', userAgent: 'console/1' };
    expect((await ask(op.use, { sessionId: id, token: 'sessionsWriter', body })).status).toBe(200);
    expect((await ask(op.use, { sessionId: id })).status).toBe(200);
    expect((await ask(op.action, { sessionId: id, body: { action: ' Reset MFA for jane ' } })).status).toBe(200);
    expect((await ask(op.check, { sessionId: id })).body.active).toBe(true);
    expect((await ask(op.get, { sessionId: id })).body.actions).toHaveLength(1);
    const { status } = await ask(op.active, { query: { adminUser: 'urequester@example.test', tenant: 'acme-corp' } });
    expect(status).toBe(200);
    expect((await ask(op.stream, { token: 'auditReader' })).status).toBe(200);
    expect((await ask(op.list, { query: { size: '5' } })).body.content.length).toBeGreaterThan(0);
    const range = await ask(op.range, { query: { start: '2000-01-01', end: '2100-01-01', tenant: 'acme-corp' } });
    expect(range.body.content.length).toBeGreaterThan(0);
    expect((await ask(op.stats)).status).toBe(200);
    expect((await ask(op.record, { token: 'auditWriter', body: consoleAction })).status).toBe(201);
    expect((await ask(op.record, { token: 'auditWriter', body: consoleAction })).status).toBe(200);
    const first = await ask(op.events, { query: { limit: '2' } });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect((await ask(op.events, { query: { cursor: first.body.nextCursor, limit: '500' } })).body.nextCursor).toBe(
      null,
    );
    const year = { start: '2000-01-01', end: '2100-01-01' };
    expect((await ask(op.export, { query: year })).text).toContain('CONSOLE_ACTION');
    expect((await ask(op.export, { query: { ...year, format: 'jsonl' } })).text).toContain('CONSOLE_ACTION');
    expect((await ask(op.openapi, { token: null })).status).toBe(200);
    expect((await ask(op.end, { sessionId: id })).body.changed).toBe(true);
    expect((await ask(op.end, { sessionId: id })).body.changed).toBe(false);
    expect((await ask(op.check, { sessionId: id })).body).toMatchObject({ active: false, status: 'ENDED' });
  });

  it('streams each session event’s data as the SessionInfo the document names', async () => {
    const id = await api.aSession({ tenant: 'stark' });
    await api.services.endGrant({ grantId: id, actor: { kind: 'system', id: 'test' } });
    const url = `${api.baseUrl}/api/v1/impersonation/stream`;
    const stream = await openEventStream(url, { token: api.secrets.auditReader, lastEventId: '0' });
    try {
      const ofSession = () => stream.events.filter((event) => event.data.id === id);
      await expect.poll(() => ofSession().map((event) => event.event)).toEqual(['session.started', 'session.ended']);
      for (const event of stream.events) expect(documented.schemaProblems('SessionInfo', event.data)).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('answers every operation’s own refusals as documented', async () => {
    const live = await api.aSession({ tenant: 'umbrella' });
    const ended = await api.aSession({ tenant: 'globex' });
    await ask(op.end, { sessionId: ended });
    const pending = await api.aSession({ tenant: 'initech', approve: false });
    expect((await ask(op.use, { sessionId: ended })).status).toBe(409);
    expect((await ask(op.use, { sessionId: live, body: { ipAddress: 'not an address' } })).status).toBe(400);
    expect((await ask(op.action, { sessionId: ended, body: { action: 'Reset MFA' } })).status).toBe(409);
    expect((await ask(op.action, { sessionId: live, body: { action: 'x'.repeat(201) } })).status).toBe(422);
    expect((await ask(op.end, { sessionId: pending })).status).toBe(409);
    const taken = { ...consoleAction, id: randomUUID() };
    expect((await ask(op.record, { body: taken })).status).toBe(201);
    expect((await ask(op.record, { body: { ...taken, action: 'tenant.resume' } })).status).toBe(409);
    expect((await ask(op.record, { body: { ...taken, tenant: 'not a tenant' } })).status).toBe(400);
    const nobody = { adminUser: 'nobody@example.test', tenant: 'acme-corp' };
    expect((await ask(op.active, { query: nobody })).status).toBe(404);
    expect((await ask(op.active, { query: { tenant: 'acme-corp' } })).status).toBe(400);
    expect((await ask(op.list, { query: { page: 'first' } })).status).toBe(400);
    expect((await ask(op.range, { query: { start: '2026-01-01' } })).status).toBe(400);
    expect((await ask(op.stats, { query: { tenant: '-no' } })).status).toBe(400);
    expect((await ask(op.events, { query: { limit: '501' } })).status).toBe(400);
    expect((await ask(op.events, { query: { cursor: 'not/a+cursor' } })).status).toBe(400);
    expect((await ask(op.export, { query: { start: '2026-01-01', end: '2025-01-01' } })).status).toBe(400);
  });

  const scopesOf = (key: string) => {
    const [method, path] = key.split(' ') as [string, string];
    return served.paths[path]?.[method.toLowerCase()]?.['x-grantdesk-scopes'] ?? [];
  };
  const guarded = () => documented.operations().filter((key) => key !== op.openapi);

  it('answers the refusals every operation shares as documented', async () => {
    const live = await api.aSession({ tenant: 'hooli' });
    for (const key of guarded()) {
      const sessionId = key.includes('{sessionId}') ? live : undefined;
      expect((await ask(key, { sessionId, token: null })).status, key).toBe(401);
      const kinds = ['sessionsWriter', 'auditReader', 'auditWriter'] as const;
      const outsider = kinds.find((kind) => !TOKEN_KINDS[kind].scopes.some((s) => scopesOf(key).includes(s)));
      expect((await ask(key, { sessionId, token: outsider })).status, key).toBe(403);
      expect((await ask(key, { sessionId, query: { note: 'a\u0000b' } })).status, key).toBe(422);
      if (key.startsWith('POST')) {
        const json = { 'content-type': 'application/json' };
        expect((await ask(key, { sessionId, raw: '{"action":', headers: json })).status, key).toBe(400);
        const large = JSON.stringify({ action: 'x'.repeat(17_000) });
        expect((await ask(key, { sessionId, raw: large, headers: json })).status, key).toBe(413);
        const latin1 = { 'content-type': 'application/json; charset=latin1' };
        expect((await ask(key, { sessionId, raw: '{}', headers: latin1 })).status, key).toBe(415);
      }
      if (sessionId) {
        // A valid body, so that the path alone is to blame.
        const body = key === op.action ? { action: 'Reset MFA' } : undefined;
        expect((await ask(key, { sessionId: 'not-a-session', body })).status, key).toBe(400);
        expect((await ask(key, { sessionId: randomUUID(), body })).status, key).toBe(404);
      }
    }
  });

  it('answers 429 past the rate limit and 500 when the database fails, as documented', async () => {
    const limited = await createApiHarness({ limits: { requestsPerMinute: 1 } });
    try {
      // The clock stands still, so admin's one request of the minute is spent for good.
      expect((await limited.call('GET', '/api/v1/impersonation/stats', { token: 'admin' })).status).toBe(200);
      for (const key of guarded()) {
        expect((await ask(key, { sessionId: randomUUID() }, limited)).status, key).toBe(429);
      }
      await limited.db.adminQuery('ALTER TABLE api_tokens RENAME TO api_tokens_gone');
      for (const key of guarded()) {
        expect((await ask(key, { sessionId: randomUUID() }, limited)).status, key).toBe(500);
      }
    } finally {
      await limited.close();
    }
  });

  // Runs after the tests above (vitest keeps a file's order): each documented answer must have been produced.
  it('has produced every status the document states, for every operation', () => {
    for (const key of documented.operations()) {
      expect(documented.seenStatuses(key), key).toEqual(documented.documentedStatuses(key));
    }
  });
});
