import type { Sequelize } from 'sequelize';
import { type SessionLock, trySessionLock } from '../src/db/session-lock.ts';
import type { Logger } from '../src/logger.ts';

/** How a forwarder paces itself; each webhook's options may override any of them (tests shorten them). */
export interface ForwardingTimings {
  /** How often an idle forwarder looks for new events. */
  pollMs: number;
  /** How long a process that does not hold the lock waits before trying for it again. */
  lockRetryMs: number;
  /** First retry delay; it doubles per consecutive failure up to maxBackoffMs. */
  minBackoffMs: number;
  maxBackoffMs: number;
}

/** The pace of both webhooks unless told otherwise: poll each second, back off from 1 s up to 5 minutes. */
export function forwardingTimings(options: Partial<ForwardingTimings>): ForwardingTimings {
  return {
    pollMs: options.pollMs ?? 1_000,
    lockRetryMs: options.lockRetryMs ?? 30_000,
    minBackoffMs: options.minBackoffMs ?? 1_000,
    maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
  };
}

export interface ForwardingLoopOptions extends ForwardingTimings {
  sequelize: Sequelize;
  /** The advisory lock that lets one process forward at a time. */
  lockKey: number;
  /** Forwards the next batch; resolves with how many it handled, throws when the receiver failed. */
  forwardBatch(): Promise<number>;
  batchSize: number;
  logger: Logger;
  /** For the logs: `audit forwarding`, `console webhook`. */
  what: string;
}

/**
 * The loop shared by the webhooks that read the audit trail as their outbox: one process forwards at a time (a
 * Postgres advisory lock, so replicas neither race nor double-send); a failure is retried with exponential backoff
 * and jitter, and the batch's own cursor stays where it was.
 */
export function startForwardingLoop(options: ForwardingLoopOptions): { stop(): Promise<void> } {
  const { sequelize, logger, what } = options;
  let stopped = false;
  let wake = () => {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      let lock: SessionLock | null = null;
      try {
        lock = await trySessionLock(sequelize, options.lockKey);
        if (!lock) {
          await sleep(options.lockRetryMs);
          continue;
        }
        while (!stopped) {
          await lock.check();
          const sent = await options.forwardBatch();
          if (failures > 0) logger.info({ failures }, `${what} recovered`);
          failures = 0;
          if (sent < options.batchSize) await sleep(options.pollMs);
        }
      } catch (error) {
        failures += 1;
        // Doubling from minBackoffMs, capped, with jitter so replicas and receivers coming back are not stampeded.
        const ceiling = Math.min(options.maxBackoffMs, options.minBackoffMs * 2 ** Math.min(failures - 1, 30));
        const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
        logger.warn({ err: error, failures, delayMs }, `${what} failed; will retry`);
        await lock?.release();
        lock = null;
        if (!stopped) await sleep(delayMs);
      } finally {
        await lock?.release();
      }
    }
  }

  const running = run();
  return {
    async stop() {
      stopped = true;
      wake();
      await running;
    },
  };
}
