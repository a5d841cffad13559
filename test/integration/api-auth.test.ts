import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api.close());

describe('API tokens', () => {
  it('refuses a request without a token, with 401, a JSON error and a Bearer challenge', async () => {
    const response = await api.call('GET', '/api/v1/impersonation/stats', { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="grantdesk"');
    expect(response.body).toEqual({
      error: { code: 'unauthenticated', message: 'send an API token: Authorization: Bearer <token>' },
    });
  });

  it('refuses a malformed header and an unknown token with 401', async () => {
    const basic = await api.call('GET', '/api/v1/impersonation/stats', { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    const unknown = await api.call('GET', '/api/v1/impersonation/stats', {
      headers: { authorization: 'Bearer gd_not-a-real-token' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('this API token is not known to Grantdesk');
  });

  it('refuses expired and revoked tokens with 401, saying which', async () => {
    const expired = await api.call('GET', '/api/v1/impersonation/stats', { token: 'expired' });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/^this API token has expired/);
    const revoked = await api.call('GET', '/api/v1/impersonation/stats', { token: 'revoked' });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/^this API token was revoked/);
  });

  it('refuses a token without the scope with 403 naming the scope needed', async () => {
    const response = await api.call('GET', '/api/v1/impersonation/stats', { token: 'sessionsWriter' });
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'forbidden',
      message: 'this token lacks the scope for this endpoint: it needs audit:read (it has sessions:write)',
    });
  });

  it('lets admin do everything and records when a token was last used', async () => {
    const before = await api.db.adminQuery(`SELECT last_used_at FROM api_tokens WHERE name = 'admin'`);
    expect(before.rows[0].last_used_at).toBeNull();
    expect((await api.call('GET', '/api/v1/impersonation/stats', { token: 'admin' })).status).toBe(200);
    const after = await api.db.adminQuery(`SELECT last_used_at FROM api_tokens WHERE name = 'admin'`);
    expect(after.rows[0].last_used_at).toEqual(api.clock.now());
  });

  it('serves the OpenAPI document without a token', async () => {
    const response = await api.call('GET', '/api/v1/openapi.json', { token: null });
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
  });
});

describe('API requests', () => {
  it('refuses a body over 16 KB with 413 and a JSON error', async () => {
    const id = await api.aSession();
    const response = await api.call('POST', `/api/v1/impersonation/sessions/${id}/use`, {
      token: 'sessionsWriter',
      body: { userAgent: 'x'.repeat(17 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.error).toEqual({ code: 'payload_too_large', message: 'body: larger than the 16 KB limit' });
    const justUnder = await api.call('POST', '/api/v1/audit/events', {
      token: 'auditWriter',
      body: { actor: { id: 'U1' }, action: 'plan.change', tenant: 'acme-corp', details: { note: 'x'.repeat(15_000) } },
    });
    expect(justUnder.status).toBe(201);
  });

  it('refuses JSON that does not parse with 400', async () => {
    const response = await api.call('POST', '/api/v1/audit/events', {
      token: 'auditWriter',
      raw: '{"actor": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: 'invalid_input', message: 'body: not valid JSON', field: 'body' });
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const response = await api.call('GET', '/api/v1/nothing-here', { token: 'admin' });
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({ code: 'not_found', message: 'no API route GET /api/v1/nothing-here' });
  });
});
