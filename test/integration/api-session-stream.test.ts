import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, type TokenKind } from '../support/api-harness.ts';
import { type ApiReplica, startApiReplica } from '../support/api-replica.ts';
import { staff } from '../support/services-harness.ts';
import { openEventStream, type SseConnection } from '../support/sse-client.ts';

let api: ApiHarness;
let replica: ApiReplica;
const open: SseConnection[] = [];

beforeAll(async () => {
  api = await createApiHarness();
  replica = await startApiReplica(api, { streamHeartbeatMs: 50 });
});
afterAll(async () => {
  for (const connection of open) connection.close();
  await replica?.close();
  await api?.close();
});

async function stream(token: TokenKind | null, lastEventId?: string | null, on: ApiReplica = replica) {
  const connection = await openEventStream(`${on.baseUrl}/api/v1/impersonation/stream`, {
    ...(token ? { token: api.secrets[token] } : {}),
    ...(lastEventId ? { lastEventId } : {}),
  });
  open.push(connection);
  return connection;
}
const seqOf = async (grantId: string, type: string) =>
  String((await api.stores.audit.byGrant(grantId)).find((event) => event.type === type)?.seq);
const eventsOf = (connection: SseConnection, grantId: string) =>
  connection.events.filter((event) => event.data.id === grantId).map((event) => event.event);

describe('GET /api/v1/impersonation/stream', () => {
  it('pushes started, extended and ended with the audit seq as id and the session as data', async () => {
    const connection = await stream('sessionsWriter');
    expect(connection.status).toBe(200);
    const id = await api.aSession();
    await api.services.extendGrant({
      grantId: id,
      actor: staff('UREQUESTER'),
      durationMs: 15 * 60_000,
      reason: 'Need a little longer to finish the export',
    });
    await api.services.approveExtension({ grantId: id, approver: staff('UAPPROVER2') });
    await api.call('POST', `/api/v1/impersonation/sessions/${id}/end`, { token: 'sessionsWriter' });
    await expect.poll(() => eventsOf(connection, id)).toEqual(['session.started', 'session.extended', 'session.ended']);

    const [started, extended, ended] = connection.events.filter((event) => event.data.id === id);
    expect(started?.id).toBe(await seqOf(id, 'IMPERSONATION_START'));
    expect(extended?.id).toBe(await seqOf(id, 'GRANT_EXTENDED'));
    expect(ended?.id).toBe(await seqOf(id, 'IMPERSONATION_END'));
    const grant = await api.stores.grants.findById(id);
    expect(started?.data).toMatchObject({ id, tenant: 'acme-corp', status: 'ACTIVE', endReason: null });
    expect(extended?.data.expiresAt).not.toBe(started?.data.expiresAt);
    expect(ended?.data).toMatchObject({ status: 'ENDED', endReason: 'NORMAL', endTime: grant?.endTime?.toISOString() });
    expect(connection.comments).toContain('heartbeat');
  });

  it('shows a tenant-bound token its tenant only', async () => {
    const connection = await stream('acmeReader');
    const globex = await api.aSession({ tenant: 'globex' });
    const acme = await api.aSession();
    await expect.poll(() => eventsOf(connection, acme)).toEqual(['session.started']);
    expect(eventsOf(connection, globex)).toEqual([]);
    expect(connection.events.every((event) => event.data.tenant === 'acme-corp')).toBe(true);
  });

  it('resumes after Last-Event-ID with nothing missed and nothing repeated', async () => {
    const id = await api.aSession();
    const startedSeq = await seqOf(id, 'IMPERSONATION_START');
    await api.services.revokeGrant({ grantId: id, approver: staff('UAPPROVER1'), reason: 'customer withdrew consent' });
    const resumed = await stream('sessionsWriter', String(Number(startedSeq) - 1));
    await expect.poll(() => eventsOf(resumed, id)).toEqual(['session.started', 'session.ended']);
    const after = await stream('sessionsWriter', startedSeq);
    await expect.poll(() => eventsOf(after, id)).toEqual(['session.ended']);
    expect(after.events[0]?.data).toMatchObject({ status: 'ENDED', endReason: 'FORCED' });
  });

  it('a console whose Grantdesk restarts resumes from its last id with no gap', async () => {
    const first = await startApiReplica(api);
    const port = Number(new URL(first.baseUrl).port);
    const console1 = await stream('sessionsWriter', null, first);
    const id = await api.aSession();
    await expect.poll(() => eventsOf(console1, id)).toEqual(['session.started']);
    const lastId = console1.events.at(-1)?.id ?? null;

    await first.close();
    await console1.closed;
    // While Grantdesk is down the session changes; another starts.
    await api.services.revokeGrant({ grantId: id, approver: staff('UAPPROVER1'), reason: 'customer withdrew consent' });
    const other = await api.aSession();

    const restarted = await startApiReplica(api, { port });
    try {
      const console2 = await stream('sessionsWriter', lastId, restarted);
      await expect
        .poll(() => console2.events.map((event) => [event.data.id, event.event]))
        .toEqual([
          [id, 'session.ended'],
          [other, 'session.started'],
        ]);
      const ids = [...console1.events, ...console2.events].map((event) => Number(event.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      console2.close();
    } finally {
      await restarted.close();
    }
  });

  it('takes sessions:write or audit:read', async () => {
    expect((await stream(null)).status).toBe(401);
    expect((await stream('auditWriter')).status).toBe(403);
    expect((await stream('auditReader')).status).toBe(200);
  });
});
