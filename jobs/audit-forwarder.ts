/**
 * Delivers the audit trail to AUDIT_WEBHOOK_URL, where workers run. One process forwards at a time (a Postgres
 * advisory lock, so replicas neither race nor double-send); a failed delivery is retried with exponential backoff
 * and leaves the cursor where it was.
 */
import type { Sequelize } from 'sequelize';
import type { Services } from '../src/app/services.ts';
import type { Clock } from '../src/domain/ports.ts';
import { postAuditBatch } from '../src/http/audit-webhook.ts';
import type { Logger } from '../src/logger.ts';
import { type ForwardingTimings, forwardingTimings, startForwardingLoop } from './forwarding-loop.ts';

/** Key of the advisory lock held by the one forwarding process (720_331_001 is the migration lock). */
const FORWARDER_LOCK_KEY = 720_331_003;

export interface AuditForwarderOptions extends Partial<ForwardingTimings> {
  /** For the advisory lock only: the trail and the cursor are read and moved by the use case. */
  sequelize: Sequelize;
  services: Pick<Services, 'forwardAuditBatch'>;
  webhook: { url: string; secret: string };
  clock: Clock;
  logger: Logger;
  /** Events per POST. 500 keeps a body around a few hundred KB, which receivers accept. */
  batchSize?: number;
  /** A receiver that has not answered in this long counts as down. */
  timeoutMs?: number;
}

export function startAuditForwarder(options: AuditForwarderOptions): { stop(): Promise<void> } {
  const { sequelize, services, logger, clock } = options;
  const batchSize = options.batchSize ?? 500;
  const webhook = { ...options.webhook, timeoutMs: options.timeoutMs ?? 10_000 };
  const deliver = (events: Parameters<typeof postAuditBatch>[1]) => postAuditBatch(webhook, events, clock.now());

  return startForwardingLoop({
    sequelize,
    lockKey: FORWARDER_LOCK_KEY,
    forwardBatch: () => services.forwardAuditBatch({ deliver, batchSize }),
    batchSize,
    ...forwardingTimings(options),
    logger,
    what: 'audit forwarding',
  });
}
