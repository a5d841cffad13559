import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api.close());

async function eventsOf(grantId: string) {
  return (await api.stores.audit.byGrant(grantId)).map((e) => ({
    type: e.type,
    severity: e.severity,
    actor: e.actor,
  }));
}

describe('POST /api/v1/impersonation/sessions/:sessionId/use', () => {
  const use = (id: string, token: Parameters<ApiHarness['call']>[2] extends infer O ? O : never) =>
    api.call('POST', `/api/v1/impersonation/sessions/${id}/use`, token);

  it('records a use of an active session, fixing IP and user agent on the first', async () => {
    const id = await api.aSession();
    const first = await use(id, { token: 'sessionsWriter', body: { ipAddress: '10.0.0.7', userAgent: 'Console/1' } });
    expect(first.status).toBe(200);
    const grant = await api.stores.grants.findById(id);
    expect(first.body).toEqual({ sessionId: id, status: 'ACTIVE', expiresAt: grant?.expiresAt?.toISOString() });
    const second = await use(id, { token: 'acmeWriter', body: { ipAddress: '2001:db8::1' } });
    expect(second.status).toBe(200);
    expect(await api.stores.grants.findById(id)).toMatchObject({ ipAddress: '10.0.0.7', userAgent: 'Console/1' });
    const uses = (await eventsOf(id)).filter((e) => e.type === 'GRANT_USED');
    expect(uses.map((e) => e.actor)).toEqual([
      { kind: 'api-client', id: api.tokenIds.sessionsWriter },
      { kind: 'api-client', id: api.tokenIds.acmeWriter },
    ]);
  });

  it('accepts an empty body and a short code', async () => {
    const id = await api.aSession();
    const grant = await api.stores.grants.findById(id);
    const response = await use(grant!.shortCode, { token: 'sessionsWriter' });
    expect(response.status).toBe(200);
    expect(response.body.sessionId).toBe(id);
  });

  it('answers 409 for a session that is not active, and records ACCESS_REFUSED (HIGH)', async () => {
    const pending = await api.aSession({ approve: false });
    const refused = await use(pending, { token: 'sessionsWriter', body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('grant_not_active');
    expect(await eventsOf(pending)).toContainEqual({
      type: 'ACCESS_REFUSED',
      severity: 'HIGH',
      actor: { kind: 'api-client', id: api.tokenIds.sessionsWriter },
    });

    const active = await api.aSession();
    api.clock.advance(31 * 60_000);
    const expired = await use(active, { token: 'sessionsWriter' });
    api.clock.advance(-31 * 60_000);
    expect(expired.status).toBe(409);
    expect(expired.body.error.message).toMatch(/expired at/);
  });

  it('refuses a missing token (401), a wrong scope (403) and another tenant (404, as if absent), recording nothing', async () => {
    const id = await api.aSession();
    const before = await eventsOf(id);
    expect((await use(id, { token: null })).status).toBe(401);
    expect((await use(id, { token: 'auditReader' })).status).toBe(403);
    const other = await use(id, { token: 'globexWriter' });
    const missing = await use(randomUUID(), { token: 'globexWriter' });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe(missing.body.error.code);
    expect(await eventsOf(id)).toEqual(before);
  });

  it('refuses bad input naming the field', async () => {
    const id = await api.aSession();
    const badIp = await use(id, { token: 'sessionsWriter', body: { ipAddress: '10.0.0.999' } });
    expect(badIp.status).toBe(400);
    expect(badIp.body.error).toEqual({
      code: 'invalid_input',
      message: 'ipAddress: expected an IPv4 or IPv6 address',
      field: 'ipAddress',
    });
    const unknownField = await use(id, { token: 'sessionsWriter', body: { ip: '10.0.0.1' } });
    expect(unknownField.body.error.message).toBe('body: unknown field ip');
    const longAgent = await use(id, { token: 'sessionsWriter', body: { userAgent: 'x'.repeat(513) } });
    expect(longAgent.body.error.field).toBe('userAgent');
    const notJson = await use(id, { token: 'sessionsWriter', body: ['a'] });
    expect(notJson.body.error.message).toBe('body: expected a JSON object (Content-Type: application/json)');
    const badId = await use('not-a-session', { token: 'sessionsWriter' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe('sessionId');
    expect((await use(randomUUID(), { token: 'sessionsWriter' })).status).toBe(404);
  });
});

describe('POST /api/v1/impersonation/sessions/:sessionId/record-action', () => {
  const record = (id: string, options: Parameters<ApiHarness['call']>[2]) =>
    api.call('POST', `/api/v1/impersonation/sessions/${id}/record-action`, options);

  it('records an action of up to 200 characters as IMPERSONATION_ACTION', async () => {
    const id = await api.aSession();
    const response = await record(id, { token: 'acmeWriter', body: { action: '  Reset MFA for jane  ' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      sessionId: id,
      action: 'Reset MFA for jane',
      recordedAt: api.clock.now().toISOString(),
    });
    expect((await record(id, { token: 'sessionsWriter', body: { action: 'a'.repeat(200) } })).status).toBe(200);
    expect((await api.stores.grants.actionsOf(id)).map((a) => a.action)).toEqual([
      'Reset MFA for jane',
      'a'.repeat(200),
    ]);
    expect((await eventsOf(id)).filter((e) => e.type === 'IMPERSONATION_ACTION')).toHaveLength(2);
  });

  it('answers 422 over 200 characters and 409 (with ACCESS_REFUSED) on a session that is not active', async () => {
    const id = await api.aSession();
    const tooLong = await record(id, { token: 'sessionsWriter', body: { action: 'a'.repeat(201) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error).toMatchObject({ code: 'action_too_long', field: 'action' });
    await api.services.endGrant({ grantId: id, actor: { kind: 'api-client', id: 'x' } });
    const ended = await record(id, { token: 'sessionsWriter', body: { action: 'Looked at invoices' } });
    expect(ended.status).toBe(409);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ type: 'ACCESS_REFUSED', severity: 'HIGH' });
    expect(await api.stores.grants.actionsOf(id)).toEqual([]);
  });

  it('refuses a missing token, a wrong scope, another tenant and a missing action', async () => {
    const id = await api.aSession();
    const body = { action: 'Looked at invoices' };
    expect((await record(id, { token: null, body })).status).toBe(401);
    expect((await record(id, { token: 'admin', body: {} })).body.error).toEqual({
      code: 'invalid_input',
      message: 'action: expected the action as text',
      field: 'action',
    });
    expect((await record(id, { token: 'acmeReader', body })).status).toBe(403);
    expect((await record(id, { token: 'globexWriter', body })).status).toBe(404);
    expect(await api.stores.grants.actionsOf(id)).toEqual([]);
  });
});

describe('POST /api/v1/impersonation/sessions/:sessionId/end', () => {
  const end = (id: string, token: Parameters<ApiHarness['call']>[2]) =>
    api.call('POST', `/api/v1/impersonation/sessions/${id}/end`, token);

  it('ends an active session normally, as the API client, once', async () => {
    const id = await api.aSession();
    const response = await end(id, { token: 'sessionsWriter' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      sessionId: id,
      status: 'ENDED',
      endTime: api.clock.now().toISOString(),
      endReason: 'NORMAL',
      changed: true,
    });
    expect((await eventsOf(id)).at(-1)).toEqual({
      type: 'IMPERSONATION_END',
      severity: 'HIGH',
      actor: { kind: 'api-client', id: api.tokenIds.sessionsWriter },
    });
    const again = await end(id, { token: 'sessionsWriter' });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
  });

  it('answers 409 for a session not yet active, and refuses wrong callers', async () => {
    const pending = await api.aSession({ approve: false });
    expect((await end(pending, { token: 'sessionsWriter' })).status).toBe(409);
    const id = await api.aSession();
    expect((await end(id, { token: null })).status).toBe(401);
    expect((await end(id, { token: 'auditReader' })).status).toBe(403);
    expect((await end(id, { token: 'globexWriter' })).status).toBe(404);
    expect((await end('not-an-id', { token: 'sessionsWriter' })).status).toBe(400);
    expect((await api.stores.grants.findById(id))?.status).toBe('ACTIVE');
  });
});

describe('GET /api/v1/impersonation/sessions/:sessionId', () => {
  it('returns the SessionInfo', async () => {
    const id = await api.aSession({ targetUser: 'jane@acme.test' });
    await api.call('POST', `/api/v1/impersonation/sessions/${id}/use`, {
      token: 'sessionsWriter',
      body: { ipAddress: '10.1.2.3', userAgent: 'Console/2' },
    });
    await api.call('POST', `/api/v1/impersonation/sessions/${id}/record-action`, {
      token: 'sessionsWriter',
      body: { action: 'Exported invoices' },
    });
    const grant = (await api.stores.grants.findById(id))!;
    const response = await api.call('GET', `/api/v1/impersonation/sessions/${id}`, { token: 'acmeReader' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id,
      adminUser: 'urequester@example.test',
      adminSlackId: 'UREQUESTER',
      targetUser: 'jane@acme.test',
      tenant: 'acme-corp',
      reason: 'Reproduce the billing bug reported in the ticket',
      ticketReference: 'OPS-123',
      ticketUrl: 'https://jira.example.test/browse/OPS-123',
      status: 'ACTIVE',
      ipAddress: '10.1.2.3',
      userAgent: 'Console/2',
      startTime: grant.startTime?.toISOString(),
      endTime: null,
      endReason: null,
      expiresAt: grant.expiresAt?.toISOString(),
      approvers: ['uapprover1@example.test'],
      actions: [{ action: 'Exported invoices', recordedAt: api.clock.now().toISOString() }],
      accessLevel: 'read',
    });
  });

  it('refuses a missing token, a wrong scope, another tenant and a malformed id', async () => {
    const id = await api.aSession();
    const path = `/api/v1/impersonation/sessions/${id}`;
    expect((await api.call('GET', path, { token: null })).status).toBe(401);
    expect((await api.call('GET', path, { token: 'sessionsWriter' })).status).toBe(403);
    expect((await api.call('GET', path, { token: 'globexReader' })).status).toBe(404);
    expect((await api.call('GET', '/api/v1/impersonation/sessions/G-!!', { token: 'auditReader' })).status).toBe(400);
  });
});

describe('GET /api/v1/impersonation/active', () => {
  const active = (query: string, token: Parameters<ApiHarness['call']>[2]) =>
    api.call('GET', `/api/v1/impersonation/active?${query}`, token);

  it('finds the live session by email or Slack id, for sessions:write and audit:read alike', async () => {
    const { rows } = await api.db.adminQuery(
      `UPDATE grants SET status = 'ENDED', end_reason = 'NORMAL', end_time = $1
      WHERE status = 'ACTIVE' RETURNING id`,
      [api.clock.now()],
    );
    expect(rows.length).toBeGreaterThan(0);
    const id = await api.aSession();
    const byEmail = await active('adminUser=urequester%40example.test&tenant=acme-corp', { token: 'sessionsWriter' });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toMatchObject({ id, status: 'ACTIVE', adminUser: 'urequester@example.test' });
    const bySlackId = await active('adminUser=UREQUESTER&tenant=acme-corp', { token: 'acmeReader' });
    expect(bySlackId.body.id).toBe(id);
  });

  it('answers 404 when there is none, when it has expired, and for another tenant’s token', async () => {
    await api.aSession();
    expect((await active('adminUser=UNOBODY&tenant=acme-corp', { token: 'admin' })).status).toBe(404);
    expect((await active('adminUser=UREQUESTER&tenant=acme-corp', { token: 'globexWriter' })).status).toBe(404);
    expect((await active('adminUser=UREQUESTER&tenant=globex', { token: 'globexWriter' })).status).toBe(404);
    api.clock.advance(31 * 60_000);
    const expired = await active('adminUser=UREQUESTER&tenant=acme-corp', { token: 'admin' });
    api.clock.advance(-31 * 60_000);
    expect(expired.status).toBe(404);
  });

  it('refuses a missing token, a wrong scope and missing parameters', async () => {
    expect((await active('adminUser=U&tenant=acme-corp', { token: null })).status).toBe(401);
    expect((await active('adminUser=U&tenant=acme-corp', { token: 'auditWriter' })).status).toBe(403);
    const missing = await active('tenant=acme-corp', { token: 'admin' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('adminUser');
    const badTenant = await active('adminUser=U&tenant=acme%20corp', { token: 'admin' });
    expect(badTenant.body.error.field).toBe('tenant');
    const twice = await active('adminUser=U&adminUser=V&tenant=acme-corp', { token: 'admin' });
    expect(twice.body.error.field).toBe('adminUser');
  });
});
