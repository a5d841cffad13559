import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { aRequest, staff } from '../support/services-harness.ts';

let api: ApiHarness;
/** Session ids, oldest first: acme NORMAL (Oct), acme ACTIVE, acme FORCED, globex EXPIRED (Nov). */
const ids: string[] = [];
const MINUTE = 60_000;

async function startSession(at: string, request: Record<string, unknown> = {}): Promise<string> {
  api.clock.set(new Date(at));
  const { grant } = await api.services.requestGrant(aRequest(request));
  await api.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
  ids.push(grant.id);
  return grant.id;
}

beforeAll(async () => {
  api = await createApiHarness();
  const normal = await startSession('2026-10-20T09:00:00Z');
  api.clock.advance(10 * MINUTE);
  await api.services.endGrant({ grantId: normal, actor: staff('UREQUESTER') });
  await startSession('2026-11-02T09:00:00Z');
  const forced = await startSession('2026-11-02T10:00:00Z');
  api.clock.advance(20 * MINUTE);
  await api.services.revokeGrant({ grantId: forced, approver: staff('UAPPROVER1'), reason: 'Ticket scope exceeded' });
  const expired = await startSession('2026-11-02T11:00:00Z', {
    tenant: 'globex',
    requesterId: 'UOTHER',
    requesterEmail: null,
  });
  api.clock.advance(30 * MINUTE);
  await api.services.expireGrant({ grantId: expired });
  // Not sessions: never became ACTIVE.
  await api.services.requestGrant(aRequest());
  const { grant: denied } = await api.services.requestGrant(aRequest());
  await api.services.denyGrant({ grantId: denied.id, approver: staff('UAPPROVER1'), reason: 'Not needed' });
});
afterAll(() => api.close());

describe('GET /api/v1/impersonation/audit', () => {
  it('pages sessions newest first, 0-based, with totals', async () => {
    const first = await api.call('GET', '/api/v1/impersonation/audit?page=0&size=3', { token: 'auditReader' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 0, size: 3, totalElements: 4, totalPages: 2 });
    expect(first.body.content.map((s: { id: string }) => s.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(first.body.content[0]).toMatchObject({ tenant: 'globex', adminUser: 'UOTHER', endReason: 'EXPIRED' });
    const second = await api.call('GET', '/api/v1/impersonation/audit?page=1&size=3', { token: 'admin' });
    expect(second.body.content.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
    // A page that starts on one day and ends on an earlier one (the pages are found from daily rollups).
    const acrossDays = await api.call('GET', '/api/v1/impersonation/audit?page=1&size=2', { token: 'admin' });
    expect(acrossDays.body.content.map((s: { id: string }) => s.id)).toEqual([ids[1], ids[0]]);
    const bound = await api.call('GET', '/api/v1/impersonation/audit?page=1&size=1', { token: 'acmeReader' });
    expect(bound.body.content.map((s: { id: string }) => s.id)).toEqual([ids[1]]);
    const beyond = await api.call('GET', '/api/v1/impersonation/audit?page=9', { token: 'admin' });
    expect(beyond.body).toEqual({ content: [], page: 9, size: 20, totalElements: 4, totalPages: 1 });
  });

  it('shows a tenant-bound token only its tenant, and lets others filter by tenant', async () => {
    const bound = await api.call('GET', '/api/v1/impersonation/audit', { token: 'acmeReader' });
    expect(bound.body.totalElements).toBe(3);
    expect(bound.body.content.every((s: { tenant: string }) => s.tenant === 'acme-corp')).toBe(true);
    const otherTenant = await api.call('GET', '/api/v1/impersonation/audit?tenant=globex', { token: 'acmeReader' });
    expect(otherTenant.status).toBe(403);
    expect(otherTenant.body.error.field).toBe('tenant');
    const filtered = await api.call('GET', '/api/v1/impersonation/audit?tenant=globex', { token: 'auditReader' });
    expect(filtered.body.content.map((s: { id: string }) => s.id)).toEqual([ids[3]]);
  });

  it('refuses a missing token, a wrong scope and bad paging', async () => {
    expect((await api.call('GET', '/api/v1/impersonation/audit', { token: null })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/impersonation/audit', { token: 'sessionsWriter' })).status).toBe(403);
    const big = await api.call('GET', '/api/v1/impersonation/audit?size=101', { token: 'admin' });
    expect(big.status).toBe(400);
    expect(big.body.error).toEqual({
      code: 'invalid_input',
      message: 'size: expected a whole number from 1 to 100',
      field: 'size',
    });
    const negative = await api.call('GET', '/api/v1/impersonation/audit?page=-1', { token: 'admin' });
    expect(negative.body.error.field).toBe('page');
  });
});

describe('GET /api/v1/impersonation/audit/range', () => {
  it('lists sessions started in [start, end)', async () => {
    const november = await api.call('GET', '/api/v1/impersonation/audit/range?start=2026-11-01&end=2026-12-01&size=2', {
      token: 'auditReader',
    });
    expect(november.status).toBe(200);
    expect(november.body).toMatchObject({ page: 0, size: 2, totalElements: 3, totalPages: 2 });
    expect(november.body.content.map((s: { id: string }) => s.id)).toEqual([ids[3], ids[2]]);
    const exact = await api.call(
      'GET',
      '/api/v1/impersonation/audit/range?start=2026-11-02T09:00:00Z&end=2026-11-02T11:00:00%2B00:00',
      { token: 'acmeReader' },
    );
    expect(exact.body.content.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
  });

  it('refuses missing or inverted bounds, and wrong callers', async () => {
    const missing = await api.call('GET', '/api/v1/impersonation/audit/range?end=2026-12-01', { token: 'admin' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('start');
    const inverted = await api.call('GET', '/api/v1/impersonation/audit/range?start=2026-12-01&end=2026-11-01', {
      token: 'admin',
    });
    expect(inverted.body.error).toMatchObject({ field: 'end', message: 'end: must be after start' });
    const local = await api.call('GET', '/api/v1/impersonation/audit/range?start=2026-11-01T10:00&end=2026-12-01', {
      token: 'admin',
    });
    expect(local.body.error.field).toBe('start');
    const path = '/api/v1/impersonation/audit/range?start=2026-11-01&end=2026-12-01';
    expect((await api.call('GET', path, { token: null })).status).toBe(401);
    expect((await api.call('GET', path, { token: 'auditWriter' })).status).toBe(403);
    expect((await api.call('GET', `${path}&tenant=acme-corp`, { token: 'globexReader' })).status).toBe(403);
  });
});

describe('GET /api/v1/impersonation/stats', () => {
  it('counts sessions (grants that became ACTIVE) over every tenant', async () => {
    const response = await api.call('GET', '/api/v1/impersonation/stats', { token: 'auditReader' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      totalSessions: 4,
      activeSessions: 1,
      averageDurationMinutes: 20,
      sessionsByAdmin: { 'urequester@example.test': 3, UOTHER: 1 },
      sessionsByMonth: { '2026-10': 1, '2026-11': 3 },
      sessionsByEndReason: { NORMAL: 1, FORCED: 1, EXPIRED: 1 },
    });
  });

  it('gives a tenant-bound token its tenant only', async () => {
    const response = await api.call('GET', '/api/v1/impersonation/stats', { token: 'acmeReader' });
    expect(response.body).toEqual({
      totalSessions: 3,
      activeSessions: 1,
      averageDurationMinutes: 15,
      sessionsByAdmin: { 'urequester@example.test': 3 },
      sessionsByMonth: { '2026-10': 1, '2026-11': 2 },
      sessionsByEndReason: { NORMAL: 1, FORCED: 1, EXPIRED: 0 },
    });
    expect((await api.call('GET', '/api/v1/impersonation/stats?tenant=globex', { token: 'acmeReader' })).status).toBe(
      403,
    );
    const globex = await api.call('GET', '/api/v1/impersonation/stats?tenant=globex', { token: 'admin' });
    expect(globex.body.totalSessions).toBe(1);
  });

  it('keeps its rollups equal to an aggregate over the grants themselves', async () => {
    const { rows } = await api.db.adminQuery(`
      SELECT coalesce(requester_email, requester_id) AS admin, count(*)::int AS n FROM grants
      WHERE start_time IS NOT NULL GROUP BY 1 ORDER BY 1`);
    const stats = await api.services.computeStats({ reader: { kind: 'token', tenant: null }, tenant: null });
    expect(stats.sessionsByAdmin).toEqual(Object.fromEntries(rows.map((r) => [r.admin, r.n])));
    const { rows: direct } = await api.db.adminQuery(`
      SELECT avg(extract(epoch FROM end_time - start_time) / 60)::float AS minutes FROM grants WHERE status = 'ENDED'`);
    expect(stats.averageDurationMinutes).toBeCloseTo(direct[0].minutes, 2);
    const snapshot = () =>
      api.db.adminQuery('SELECT * FROM session_rollups WHERE sessions <> 0 ORDER BY tenant, dimension, bucket');
    const incremental = (await snapshot()).rows;
    await api.db.adminQuery('SELECT session_rollups_rebuild()');
    expect((await snapshot()).rows).toEqual(incremental);
  });

  it('refuses a missing token and a wrong scope', async () => {
    expect((await api.call('GET', '/api/v1/impersonation/stats', { token: null })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/impersonation/stats', { token: 'globexWriter' })).status).toBe(403);
  });
});
