import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditForwarder } from '../../jobs/audit-forwarder.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { signAuditWebhook } from '../../src/http/audit-webhook.ts';
import { createLogger } from '../../src/logger.ts';
import { aRequest, createHarness, type Harness, staff } from '../support/services-harness.ts';
import { freePort } from '../support/test-services.ts';

const SECRET = 'whsec-test-secret';

interface Delivery {
  status: number;
  seqs: number[];
  ids: string[];
}

/** A receiver as a real pipeline would be: checks the signature, answers with the status it is told to. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  badSignatures = 0;
  /** Statuses to answer with, in turn; 200 once they run out. */
  answers: number[] = [];
  private server: Server | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/audit`;
  }

  /** Every acknowledged (2xx) event id, in order of delivery. */
  acknowledged(): string[] {
    return this.deliveries.filter((d) => d.status === 200).flatMap((d) => d.ids);
  }

  start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const timestamp = String(req.headers['x-grantdesk-timestamp']);
        const expected = Buffer.from(signAuditWebhook(SECRET, timestamp, raw));
        const given = Buffer.from(String(req.headers['x-grantdesk-signature']));
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          this.badSignatures += 1;
          res.writeHead(401).end();
          return;
        }
        const { events } = JSON.parse(raw) as { events: { seq: number; id: string }[] };
        const status = this.answers.shift() ?? 200;
        this.deliveries.push({ status, seqs: events.map((e) => e.seq), ids: events.map((e) => e.id) });
        res.writeHead(status).end();
      });
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let h: Harness;
let receiver: Receiver;
const warnings: string[] = [];
const logger = createLogger(
  'warn',
  new Writable({
    write(chunk, _encoding, done) {
      warnings.push(String(chunk));
      done();
    },
  }),
);

const allIds = async () => (await h.db.adminQuery('SELECT id FROM audit_events ORDER BY seq')).rows.map((r) => r.id);
const cursor = async () =>
  Number((await h.db.adminQuery('SELECT last_seq FROM audit_forward_cursor')).rows[0].last_seq);

function forwarder() {
  return startAuditForwarder({
    sequelize: h.db.sequelize,
    services: h.services,
    webhook: { url: receiver.url, secret: SECRET },
    clock: h.clock,
    logger,
    batchSize: 3,
    pollMs: 20,
    lockRetryMs: 50,
    minBackoffMs: 20,
    maxBackoffMs: 100,
    timeoutMs: 2_000,
  });
}

async function aUsedGrant(): Promise<void> {
  const { grant } = await h.services.requestGrant(aRequest());
  await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
  await h.services.recordUse({ grantId: grant.id, actor: staff('UREQUESTER'), ipAddress: null, userAgent: null });
}

beforeAll(async () => {
  h = await createHarness();
  receiver = new Receiver(await freePort());
});
afterAll(async () => {
  await receiver.stop();
  await h.db.drop();
});

describe('forwarding the audit trail to AUDIT_WEBHOOK_URL', () => {
  it('loses nothing and blocks nothing while the receiver is down, then delivers each event once', async () => {
    // Two processes forward: the advisory lock lets one at a time.
    const forwarders = [forwarder(), forwarder()];
    try {
      await aUsedGrant();
      await aUsedGrant();
      await until(() => warnings.length >= 2, 'failed deliveries to be logged');
      expect(await cursor()).toBe(0);
      // Grants keep working while the receiver is down.
      await aUsedGrant();

      receiver.answers = [500];
      await receiver.start();
      const ids = await allIds();
      await until(() => receiver.acknowledged().length >= ids.length, 'every event to be acknowledged');
      expect(receiver.acknowledged()).toEqual(ids);
      expect(receiver.badSignatures).toBe(0);
      // The batch answered 500 was sent again, unchanged; no batch exceeded the batch size.
      const [refused, retried] = receiver.deliveries;
      expect(refused?.status).toBe(500);
      expect(retried?.seqs).toEqual(refused?.seqs);
      expect(receiver.deliveries.every((d) => d.seqs.length <= 3)).toBe(true);
      await until(async () => (await cursor()) === ids.length, 'the cursor to reach the head');
      expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, msg: 'audit forwarding failed; will retry' });
    } finally {
      await Promise.all(forwarders.map((f) => f.stop()));
    }
  });

  it('resumes after a restart from the cursor, sending only what is new', async () => {
    const sent = receiver.acknowledged().length;
    await aUsedGrant();
    const restarted = forwarder();
    try {
      const ids = await allIds();
      await until(() => receiver.acknowledged().length >= ids.length, 'the new events to be acknowledged');
      expect(receiver.acknowledged().slice(sent)).toEqual(ids.slice(sent));
      expect(new Set(receiver.acknowledged()).size).toBe(ids.length);
    } finally {
      await restarted.stop();
    }
  });

  it('signs `<timestamp>.<body>` with HMAC-SHA256 (as `openssl dgst -sha256 -hmac key` does)', () => {
    expect(signAuditWebhook('key', '1700000000', '{"events":[]}')).toBe(
      'sha256=7df62a1bacc5aaabea3fd97f17eb7da317e09d87f25b1933b81d619dfc0e21fb',
    );
  });

  it('refuses a webhook URL without a secret at start', () => {
    expect(() => loadConfig({ AUDIT_WEBHOOK_URL: 'https://siem.example.test/grantdesk' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_WEBHOOK_URL: 'https://siem.example.test/grantdesk' })).toThrow(
      'AUDIT_WEBHOOK_SECRET: expected a signing secret to go with AUDIT_WEBHOOK_URL, got ""',
    );
  });
});
