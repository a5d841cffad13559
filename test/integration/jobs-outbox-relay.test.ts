import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../jobs/outbox-relay.ts';
import type { GrantdeskQueue, QueueBackend } from '../../jobs/queue-backend.ts';
import { Queues } from '../../jobs/queues.ts';
import { createLogger } from '../../src/logger.ts';
import { systemClock } from '../../src/system-clock.ts';
import { aRequest, createHarness, type Harness } from '../support/services-harness.ts';

/** A queue backend that has gone away: every add waits forever, as BullMQ's Redis connection does in an outage. */
const unreachable: QueueBackend = {
  kind: 'redis',
  createQueue: () => ({ addBulk: () => new Promise(() => undefined) }) as unknown as GrantdeskQueue,
  createWorker: () => {
    throw new Error('no workers here');
  },
  ping: () => new Promise(() => undefined),
  close: async () => undefined,
};

describe('the outbox relay when the queue backend does not answer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h?.db.drop());

  it('rolls its batch back after the timeout, leaving the rows unsent and unlocked for the next try', async () => {
    const { grant } = await h.services.requestGrant(aRequest());
    const relay = new OutboxRelay({
      sequelize: h.db.sequelize,
      queues: new Queues(unreachable),
      wakeup: null,
      clock: systemClock,
      logger: createLogger('silent'),
      queueTimeoutMs: 200,
    });
    // The backend never answers: without the timeout this would hang until the test's own time-out.
    await expect(relay.relayOnce()).rejects.toThrow('adding outbox jobs: no answer within 200 ms');
    const { rows } = await h.db.adminQuery(
      `SELECT key FROM outbox WHERE sent_at IS NULL AND payload->>'grantId' = $1 FOR UPDATE SKIP LOCKED`,
      [grant.id],
    );
    expect(rows.map((r) => String(r.key).split(':')[0]).sort()).toEqual(['lapse', 'notify']);
  });
});
