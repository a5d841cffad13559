import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleWebhook } from '../../jobs/console-webhook-forwarder.ts';
import { createLogger } from '../../src/logger.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { staff } from '../support/services-harness.ts';

const SECRET = 'console-webhook-secret';

/** The support console's receiver: records every attempt; answers 503 while `down`. */
class Receiver {
  down = false;
  attempts = 0;
  readonly delivered: { headers: Record<string, string | string[] | undefined>; raw: string }[] = [];
  server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      this.attempts += 1;
      if (this.down) {
        res.writeHead(503).end();
        return;
      }
      this.delivered.push({ headers: req.headers, raw });
      res.writeHead(204).end();
    });
  });
  get url() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/grantdesk`;
  }
  bodies() {
    return this.delivered.map((d) => JSON.parse(d.raw) as { id: number; type: string; session: { id: string } });
  }
}

let api: ApiHarness;
let forwarder: { stop(): Promise<void> };
const receiver = new Receiver();

beforeAll(async () => {
  api = await createApiHarness();
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  forwarder = startConsoleWebhook({
    sequelize: api.db.sequelize,
    services: api.services,
    webhook: { url: receiver.url, secret: SECRET },
    clock: api.clock,
    logger: createLogger('silent'),
    pollMs: 20,
    lockRetryMs: 50,
    minBackoffMs: 10,
    maxBackoffMs: 100,
  });
});
afterAll(async () => {
  await forwarder?.stop();
  await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  await api?.close();
});

const seqsOf = async (grantId: string) =>
  (await api.stores.audit.byGrant(grantId))
    .filter((e) => e.type === 'IMPERSONATION_START' || e.type === 'IMPERSONATION_END')
    .map((e) => e.seq);

describe('the console webhook (CONSOLE_WEBHOOK_URL)', () => {
  it('delivers every event once, in order, after its receiver was down for 10 minutes', async () => {
    receiver.down = true;
    const a = await api.aSession();
    const b = await api.aSession({ tenant: 'globex' });
    await api.services.revokeGrant({ grantId: a, approver: staff('UAPPROVER1'), reason: 'customer withdrew consent' });
    await api.services.endGrant({ grantId: b, actor: { kind: 'api-client', id: 'console' } });
    await expect.poll(() => receiver.attempts).toBeGreaterThanOrEqual(3);
    // Ten minutes pass by the clock the forwarder judges with; it keeps retrying the first event, nothing else.
    api.clock.advance(10 * 60_000);
    const attempts = receiver.attempts;
    await expect.poll(() => receiver.attempts).toBeGreaterThanOrEqual(attempts + 2);
    expect(receiver.delivered).toEqual([]);

    receiver.down = false;
    await expect.poll(() => receiver.delivered.length).toBe(4);
    // One more change after recovery arrives fifth: nothing before it was sent twice.
    const c = await api.aSession();
    await expect.poll(() => receiver.delivered.length).toBe(5);

    const bodies = receiver.bodies();
    const expected = [...(await seqsOf(a)), ...(await seqsOf(b))].sort((x, y) => x - y);
    expect(bodies.slice(0, 4).map((body) => body.id)).toEqual(expected);
    expect(bodies.filter((body) => body.session.id === a).map((body) => body.type)).toEqual([
      'session.started',
      'session.ended',
    ]);
    expect(bodies.filter((body) => body.session.id === b).map((body) => body.type)).toEqual([
      'session.started',
      'session.ended',
    ]);
    expect(bodies[4]).toMatchObject({ type: 'session.started', session: { id: c, status: 'ACTIVE' } });
    expect(Object.keys(bodies[0]!).sort()).toEqual(['id', 'occurredAt', 'session', 'type']);
  });

  it('signs each delivery: Grantdesk-Signature t=…,v1=HMAC-SHA256("<t>.<raw body>"), Grantdesk-Event-Id', async () => {
    const before = receiver.delivered.length;
    const id = await api.aSession();
    await expect.poll(() => receiver.delivered.length).toBe(before + 1);
    const { headers, raw } = receiver.delivered[before]!;
    const body = JSON.parse(raw);
    expect(body.session.id).toBe(id);
    expect(headers['grantdesk-event-id']).toBe(String(body.id));
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['grantdesk-signature']));
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBe(Math.floor(api.clock.now().getTime() / 1000));
    expect(match![2]).toBe(createHmac('sha256', SECRET).update(`${match![1]}.${raw}`).digest('hex'));
  });

  it('gives up an event it could not deliver within 24 hours, and goes on with the next', async () => {
    receiver.down = true;
    const before = receiver.delivered.length;
    const attempts = receiver.attempts;
    const lost = await api.aSession();
    await expect.poll(() => receiver.attempts).toBeGreaterThan(attempts);
    api.clock.advance(24 * 3_600_000 + 60_000);
    // The receiver comes back only once the forwarder has given the event up (its cursor moved past it): a retry
    // that read the clock before it moved could otherwise still, rightly, deliver it.
    const seqOf = async (sql: string, params: unknown[] = []) =>
      Number((await api.db.adminQuery(sql, params)).rows[0]?.seq ?? 0);
    const lostSeq = await seqOf('SELECT max(seq) AS seq FROM audit_events WHERE grant_id = $1', [lost]);
    await expect
      .poll(() => seqOf('SELECT last_seq AS seq FROM console_webhook_cursor'), { timeout: 25_000 })
      .toBeGreaterThanOrEqual(lostSeq);
    receiver.down = false;
    const next = await api.aSession();
    await expect.poll(() => receiver.bodies().some((body) => body.session.id === next)).toBe(true);
    expect(
      receiver
        .bodies()
        .slice(before)
        .map((body) => body.session.id),
    ).toEqual([next]);
    expect(receiver.bodies().some((body) => body.session.id === lost)).toBe(false);
  });
});
