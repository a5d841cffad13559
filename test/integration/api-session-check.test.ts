import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/create-api-token.ts';
import { revokeApiToken } from '../../src/app/revoke-api-token.ts';
import { randomIds } from '../../src/system-clock.ts';
import { type ApiHarness, createApiHarness, type TokenKind } from '../support/api-harness.ts';
import { type ApiReplica, startApiReplica } from '../support/api-replica.ts';
import { aRequest, staff } from '../support/services-harness.ts';

let api: ApiHarness;
let replicaA: ApiReplica;
let replicaB: ApiReplica;

const startReplica = () => startApiReplica(api);

beforeAll(async () => {
  api = await createApiHarness();
  replicaA = await startReplica();
  replicaB = await startReplica();
});
afterAll(async () => {
  await replicaA?.close();
  await replicaB?.close();
  await api?.close();
});

async function call(replica: ApiReplica, method: string, path: string, token: TokenKind | null = 'sessionsWriter') {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${api.secrets[token]}` } : {};
  const response = await fetch(`${replica.baseUrl}${path}`, { method, headers });
  // biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
  const body: any = await response.json();
  return { status: response.status, body };
}
const check = (replica: ApiReplica, id: string, token?: TokenKind | null) =>
  call(replica, 'GET', `/api/v1/impersonation/sessions/${id}/check`, token);

const listenerPids = async () =>
  (
    await api.db.adminQuery(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'grantdesk-session-states' AND datname = current_database()`,
    )
  ).rows.map((row) => Number(row.pid));

describe('GET /api/v1/impersonation/sessions/:sessionId/check', () => {
  it('answers active with the grant, then inactive on every replica once revoked through any', async () => {
    const id = await api.aSession();
    const grant = await api.stores.grants.findById(id);
    await expect.poll(async () => (await check(replicaB, id)).body.active).toBe(true);
    expect((await check(replicaB, id)).body).toEqual({
      sessionId: id,
      active: true,
      tenant: 'acme-corp',
      targetUser: grant?.targetUser ?? null,
      accessLevel: 'read',
      expiresAt: grant?.expiresAt?.toISOString(),
      checkedAt: api.clock.now().toISOString(),
    });

    await api.services.revokeGrant({ grantId: id, approver: staff('UAPPROVER1'), reason: 'customer withdrew consent' });
    await expect
      .poll(async () => (await check(replicaB, id)).body)
      .toEqual({
        sessionId: id,
        active: false,
        status: 'ENDED',
        endReason: 'FORCED',
      });
    // Each replica learns of the revoke from its own notification, a moment apart from the other's.
    await expect
      .poll(async () => (await check(replicaA, grant!.shortCode)).body)
      .toMatchObject({ active: false, endReason: 'FORCED' });
  });

  it('answers with the access level the grant was approved for, from memory and from the database alike', async () => {
    const id = await api.aSession({ accessLevel: 'write' });
    await expect.poll(async () => (await check(replicaB, id)).body.active).toBe(true);
    expect((await check(replicaB, id)).body).toMatchObject({ active: true, accessLevel: 'write' });
    // A replica started after the grant loads it from the database rather than from a notification.
    const late = await startReplica();
    try {
      expect((await check(late, id)).body).toMatchObject({ active: true, accessLevel: 'write' });
    } finally {
      await late.close();
    }
  });

  it('sees an end through another replica’s REST API', async () => {
    const id = await api.aSession();
    await expect.poll(async () => (await check(replicaB, id)).body.active).toBe(true);
    expect((await call(replicaA, 'POST', `/api/v1/impersonation/sessions/${id}/end`)).status).toBe(200);
    await expect
      .poll(async () => (await check(replicaB, id)).body)
      .toMatchObject({ active: false, endReason: 'NORMAL' });
  });

  it('answers the access level the grant was given, from memory', async () => {
    const { grant } = await api.services.requestGrant(aRequest({ accessLevel: 'write' }));
    await api.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    // Each replica learns of the approval from its own notification, a moment apart: until then it answers PENDING.
    for (const [replica, reference] of [
      [replicaB, grant.id],
      [replicaA, grant.shortCode],
    ] as const) {
      await expect
        .poll(async () => (await check(replica, reference)).body)
        .toMatchObject({ active: true, accessLevel: 'write' });
    }
  });

  it('says a pending session is not active, and follows it to active', async () => {
    const id = await api.aSession({ approve: false });
    expect((await check(replicaB, id)).body).toEqual({
      sessionId: id,
      active: false,
      status: 'PENDING',
      endReason: null,
    });
    await api.services.approveGrant({ grantId: id, approver: staff('UAPPROVER1') });
    await expect.poll(async () => (await check(replicaB, id)).body.active).toBe(true);
  });

  it('is never active past expiresAt, whatever memory holds', async () => {
    const id = await api.aSession();
    await expect.poll(async () => (await check(replicaB, id)).body.active).toBe(true);
    const grant = await api.stores.grants.findById(id);
    // Nothing has expired it in the database: the state in memory still says ACTIVE.
    api.clock.set(grant!.expiresAt!);
    try {
      expect((await check(replicaB, id)).body).toEqual({
        sessionId: id,
        active: false,
        status: 'ENDED',
        endReason: 'EXPIRED',
      });
    } finally {
      api.clock.set(grant!.startTime!);
    }
    expect((await api.stores.grants.findById(id))?.status).toBe('ACTIVE');
  });

  it('answers from memory, and reloads it when its connection comes back', async () => {
    const id = await api.aSession();
    await expect.poll(async () => (await check(replicaB, id)).body.active).toBe(true);
    // A change no notification tells of (triggers off for this connection) is not seen: the answer is from memory.
    await api.db.adminQuery(`
      SET session_replication_role = replica;
      UPDATE grants SET status = 'ENDED', end_reason = 'FORCED', end_time = now() WHERE id = '${id}';`);
    expect((await check(replicaB, id)).body.active).toBe(true);

    const before = await listenerPids();
    expect(before).toHaveLength(2);
    await api.db.adminQuery(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [before]);
    await expect
      .poll(async () => {
        const after = await listenerPids();
        return after.length === 2 && after.every((pid) => !before.includes(pid)) && replicaB.states.live;
      })
      .toBe(true);
    expect((await check(replicaB, id)).body).toMatchObject({ active: false, status: 'ENDED', endReason: 'FORCED' });
  });

  it('answers 404 for an unknown session and for another tenant’s, 400 for a malformed id', async () => {
    const id = await api.aSession();
    const unknown = await check(replicaB, randomUUID());
    expect(unknown.status).toBe(404);
    const other = await check(replicaB, id, 'globexWriter');
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe(unknown.body.error.code);
    expect((await check(replicaB, 'not a session')).status).toBe(400);
    await expect.poll(async () => (await check(replicaB, id, 'acmeWriter')).body.active).toBe(true);
  });

  it('takes sessions:write or audit:read, and writes nothing', async () => {
    const id = await api.aSession();
    const before = await api.stores.audit.byGrant(id);
    expect((await check(replicaB, id, 'sessionsWriter')).status).toBe(200);
    expect((await check(replicaB, id, 'acmeReader')).status).toBe(200);
    expect((await check(replicaB, id, 'auditWriter')).status).toBe(403);
    expect((await check(replicaB, id, null)).status).toBe(401);
    expect(await api.stores.audit.byGrant(id)).toEqual(before);
  });

  it('keeps tokens in memory, and refuses a token on every replica once it is revoked', async () => {
    const id = await api.aSession();
    const deps = { unitOfWork: api.stores.unitOfWork, clock: api.clock, ids: randomIds };
    const operator = { kind: 'system' as const, id: 'test' };
    const make = (name: string) =>
      createApiToken(deps, { name, scopes: ['sessions:write'], tenant: null, expiresInMs: null, actor: operator });
    const withSecret = (replica: ApiReplica, secret: string) =>
      fetch(`${replica.baseUrl}/api/v1/impersonation/sessions/${id}/check`, {
        headers: { authorization: `Bearer ${secret}` },
      }).then((response) => response.status);
    const silent = await make('console-silently-revoked');
    const revoked = await make('console-revoked');
    for (const replica of [replicaA, replicaB]) {
      expect(await withSecret(replica, silent.secret)).toBe(200);
      expect(await withSecret(replica, revoked.secret)).toBe(200);
    }
    // A change no notification tells of is not seen: the token is answered from memory.
    await api.db.adminQuery(`
      SET session_replication_role = replica;
      UPDATE api_tokens SET revoked_at = now() WHERE id = '${silent.token.id}';`);
    expect(await withSecret(replicaB, silent.secret)).toBe(200);

    await revokeApiToken(deps, { idOrName: 'console-revoked', actor: operator });
    await expect.poll(() => withSecret(replicaA, revoked.secret)).toBe(401);
    await expect.poll(() => withSecret(replicaB, revoked.secret)).toBe(401);
  });
});
