/**
 * Delivers the session events of DESIGN.md §5 (session.started, .extended, .ended) to CONSOLE_WEBHOOK_URL, where
 * workers run. The audit trail is the outbox: the forwarder reads it after its own cursor, so an event is sent only
 * for a change that committed and none is lost when the receiver or Grantdesk is down. One event per POST, in trail
 * order (so in order per session), each retried with backoff until it is acknowledged or 24 hours old.
 */
import type { Sequelize } from 'sequelize';
import { CONSOLE_EVENT_MAX_AGE_MS } from '../src/app/forward-console-events.ts';
import type { Services } from '../src/app/services.ts';
import type { Clock } from '../src/domain/ports.ts';
import { postConsoleEvent } from '../src/http/console-webhook.ts';
import type { Logger } from '../src/logger.ts';
import { type ForwardingTimings, forwardingTimings, startForwardingLoop } from './forwarding-loop.ts';

/** Key of the advisory lock held by the one forwarding process (see SWEEP_LOCK_KEY in reconciler.ts for the others). */
const CONSOLE_WEBHOOK_LOCK_KEY = 720_331_040;

export interface ConsoleWebhookOptions extends Partial<ForwardingTimings> {
  /** For the advisory lock only: the trail and the cursor are read and moved by the use case. */
  sequelize: Sequelize;
  services: Pick<Services, 'forwardConsoleEvents'>;
  webhook: { url: string; secret: string };
  clock: Clock;
  logger: Logger;
  /** A receiver that has not answered in this long counts as down. */
  timeoutMs?: number;
}

/** Events read per batch: each is still posted on its own, so a batch only saves queries. */
const BATCH_SIZE = 100;

export function startConsoleWebhook(options: ConsoleWebhookOptions): { stop(): Promise<void> } {
  const { sequelize, clock, logger } = options;
  const webhook = { ...options.webhook, timeoutMs: options.timeoutMs ?? 10_000 };
  const input = {
    deliver: (event: Parameters<typeof postConsoleEvent>[1]) => postConsoleEvent(webhook, event, clock.now()),
    batchSize: BATCH_SIZE,
    onGivenUp: (event: { id: number; type: string }) =>
      logger.error(
        { eventId: event.id, type: event.type, maxAgeHours: CONSOLE_EVENT_MAX_AGE_MS / 3_600_000 },
        'console webhook gave up on an event it could not deliver in time',
      ),
  };
  return startForwardingLoop({
    sequelize,
    lockKey: CONSOLE_WEBHOOK_LOCK_KEY,
    forwardBatch: () => options.services.forwardConsoleEvents(input),
    batchSize: BATCH_SIZE,
    ...forwardingTimings(options),
    logger,
    what: 'console webhook',
  });
}
