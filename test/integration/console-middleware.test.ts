import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type ApiReplica, startApiReplica } from '../support/api-replica.ts';
import { type ConsoleApp, startConsoleApp } from '../support/console-app.ts';
import { staff } from '../support/services-harness.ts';

let api: ApiHarness;
let replicaA: ApiReplica;
let replicaB: ApiReplica;
const consoles: ConsoleApp[] = [];

beforeAll(async () => {
  api = await createApiHarness();
  replicaA = await startApiReplica(api);
  replicaB = await startApiReplica(api);
});
afterAll(async () => {
  for (const app of consoles) await app.close();
  await replicaA?.close();
  await replicaB?.close();
  await api?.close();
});

/** A console on `replica` whose stream is open, so its cache is kept current. */
async function consoleOn(replica: ApiReplica, graceMs?: number): Promise<ConsoleApp> {
  const app = await startConsoleApp({
    grantdeskUrl: replica.baseUrl,
    token: api.secrets.acmeWriter,
    now: () => api.clock.now().getTime(),
    ...(graceMs !== undefined ? { graceMs } : {}),
  });
  consoles.push(app);
  await app.gate.gate.whenStreaming();
  return app;
}
/** Waits until the console's stream has told it that `id` started, so its first answer is not dropped after. */
const started = (app: ConsoleApp, id: string) =>
  expect.poll(() => app.events.includes(`session.started ${id}`)).toBe(true);
const checks = (app: ConsoleApp) => app.calls.filter((call) => call.endsWith('/check')).length;

describe('requireImpersonation (the console client’s middleware) against running replicas', () => {
  it('lets a request through while the session is active, with its grant, and reports the first use once', async () => {
    const app = await consoleOn(replicaB);
    const id = await api.aSession();
    const grant = await api.stores.grants.findById(id);
    await expect.poll(async () => (await app.get(id)).status).toBe(200);
    expect((await app.get(id)).body).toEqual({
      sessionId: id,
      tenant: 'acme-corp',
      targetUser: grant?.targetUser ?? null,
      accessLevel: 'read',
      expiresAt: grant?.expiresAt?.toISOString(),
    });
    expect(app.calls.filter((call) => call.endsWith('/use'))).toEqual([
      'POST /api/v1/impersonation/sessions/{sessionId}/use',
    ]);
    const session = await api.services.getSession({ reference: id, tenant: null });
    expect(session).toMatchObject({ ipAddress: '127.0.0.1', userAgent: 'SupportConsole/2.1 (test)' });

    const refund = await fetch(`${app.baseUrl}/tenant/${id}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invoice: 'INV-7' }),
    });
    expect(refund.status).toBe(200);
    const after = await api.services.getSession({ reference: id, tenant: null });
    expect(after.actions.map((action) => action.action)).toEqual(['Refunded invoice INV-7']);
  });

  it('answers from its cache while the stream is open: no /check per request', async () => {
    const app = await consoleOn(replicaB);
    const id = await api.aSession();
    await started(app, id);
    expect((await app.get(id)).status).toBe(200);
    const before = checks(app);
    for (let i = 0; i < 20; i += 1) expect((await app.get(id)).status).toBe(200);
    expect(checks(app)).toBe(before);
  });

  it('cuts a session off once it is revoked through another replica, and at expiresAt by its own clock', async () => {
    const app = await consoleOn(replicaB);
    const revoked = await api.aSession();
    const expiring = await api.aSession();
    await expect.poll(async () => (await app.get(revoked)).status).toBe(200);
    await expect.poll(async () => (await app.get(expiring)).status).toBe(200);

    await api.services.revokeGrant({ grantId: revoked, approver: staff('UAPPROVER1'), reason: 'consent withdrawn' });
    await expect
      .poll(async () => (await app.get(revoked)).body)
      .toEqual({
        error: { code: 'session_not_active', message: `Session ${revoked} has ended.` },
      });
    // Ending it through replica A's REST API: the console on B is told by B's stream.
    expect(
      (await api.call('POST', `/api/v1/impersonation/sessions/${expiring}/end`, { token: 'acmeWriter' })).status,
    ).toBe(200);
    await expect.poll(async () => (await app.get(expiring)).status).toBe(403);

    const third = await api.aSession();
    await started(app, third);
    expect((await app.get(third)).status).toBe(200);
    const { expiresAt, startTime } = (await api.stores.grants.findById(third))!;
    const cachedChecks = checks(app);
    api.clock.set(expiresAt!);
    try {
      expect(await app.get(third)).toMatchObject({ status: 403, body: { error: { code: 'session_not_active' } } });
      expect(checks(app)).toBe(cachedChecks);
    } finally {
      api.clock.set(startTime!);
    }
  });

  it('follows a session the console names by its short code, and cuts it off when it ends', async () => {
    const app = await consoleOn(replicaB);
    const id = await api.aSession();
    const { shortCode } = (await api.stores.grants.findById(id))!;
    await started(app, id);
    expect(await app.get(shortCode)).toMatchObject({ status: 200, body: { sessionId: id } });
    const before = checks(app);
    expect((await app.get(shortCode)).status).toBe(200);
    expect(checks(app)).toBe(before);
    await api.services.revokeGrant({ grantId: id, approver: staff('UAPPROVER1'), reason: 'consent withdrawn' });
    await expect.poll(async () => (await app.get(shortCode)).status).toBe(403);
  });

  it('is fail-closed: refuses when Grantdesk cannot be reached, or serves its cache only within a grace period', async () => {
    const replica = await startApiReplica(api);
    const strict = await consoleOn(replica);
    const lenient = await consoleOn(replica, 60_000);
    const id = await api.aSession();
    await expect.poll(async () => (await strict.get(id)).status).toBe(200);
    await expect.poll(async () => (await lenient.get(id)).status).toBe(200);

    await replica.close();
    await expect.poll(() => strict.gate.gate.streaming || lenient.gate.gate.streaming).toBe(false);
    expect(await strict.get(id)).toMatchObject({ status: 503, body: { error: { code: 'grantdesk_unreachable' } } });
    expect((await lenient.get(id)).status).toBe(200);
    api.clock.advance(60_001);
    expect(await lenient.get(id)).toMatchObject({ status: 503, body: { error: { code: 'grantdesk_unreachable' } } });
  });

  it('resumes its stream after a Grantdesk restart with no gap: what changed meanwhile arrives, in order', async () => {
    const first = await startApiReplica(api);
    const port = Number(new URL(first.baseUrl).port);
    const app = await consoleOn(first);
    const id = await api.aSession();
    await started(app, id);
    expect((await app.get(id)).status).toBe(200);

    await first.close();
    await expect.poll(() => app.gate.gate.streaming).toBe(false);
    await api.services.revokeGrant({ grantId: id, approver: staff('UAPPROVER1'), reason: 'consent withdrawn' });
    const other = await api.aSession();
    const restarted = await startApiReplica(api, { port });
    try {
      await expect
        .poll(() => app.events.filter((event) => event.endsWith(id) || event.endsWith(other)))
        .toEqual([`session.started ${id}`, `session.ended ${id}`, `session.started ${other}`]);
      expect((await app.get(id)).status).toBe(403);
      expect((await app.get(other)).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('refuses a request naming no session (400), an unknown or another tenant’s session (404), a pending one (403)', async () => {
    const app = await consoleOn(replicaA);
    expect((await app.get(randomUUID())).status).toBe(404);
    expect((await app.get(await api.aSession({ tenant: 'globex' }))).status).toBe(404);
    const pending = await api.aSession({ approve: false });
    expect(await app.get(pending)).toMatchObject({
      status: 403,
      body: { error: { code: 'session_not_active', message: 'This session is PENDING.' } },
    });
    const response = await fetch(`${app.baseUrl}/tenant//profile`);
    expect(response.status).toBe(404);
  });
});
