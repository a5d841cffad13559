import { QueryTypes, type Sequelize } from 'sequelize';
import type { Clock } from '../src/domain/ports.ts';
import type { Logger } from '../src/logger.ts';
import { withTimeout } from '../src/with-timeout.ts';
import { jobOf, type OutboxRow } from './outbox-job.ts';
import type { OutboxWakeup } from './outbox-wakeup.ts';
import type { Queues } from './queues.ts';
import { removeMootTimers } from './remove-moot-timers.ts';

export interface OutboxRelayOptions {
  sequelize: Sequelize;
  queues: Queues;
  /** Null: poll only. */
  wakeup: OutboxWakeup | null;
  clock: Clock;
  logger: Logger;
  /** Rows per transaction: big enough that a burst of 10,000 expiries drains in a few bulk adds. */
  batchSize?: number;
  /** How often to look when no notification comes (a lost LISTEN connection, or none at all). */
  pollIntervalMs?: number;
  /** How long a bulk add may take before the batch is rolled back (tests shorten it). */
  queueTimeoutMs?: number;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
/**
 * Least time between two partial batches. Every commit that writes to the outbox wakes every relay; during a burst
 * (hundreds of expiries a second) relaying after each one would cost a transaction and a queue round trip per row.
 * Gathering for 50 ms turns that into a few batches a second at a cost of at most 50 ms of latency.
 */
const GATHER_MS = 50;
/** Back-off ceiling while the queue backend or the database is down. */
const MAX_BACKOFF_MS = 10_000;
/** A bulk add of 500 jobs takes tens of milliseconds; this long means the queue backend is away. */
const QUEUE_TIMEOUT_MS = 10_000;

/**
 * Moves committed outbox rows into BullMQ. One transaction per batch: lock unsent rows in id order, skipping rows
 * another relay holds (FOR UPDATE SKIP LOCKED, so any number of processes relay without waiting on each other), add
 * each as a job under the id derived from its key, mark them sent, commit.
 *
 * A crash before the commit leaves the rows unsent, and the next relay adds them again under the same job ids,
 * which BullMQ ignores while the first copy exists (finished jobs are kept a day, see job-options.ts). A crash
 * before the add loses nothing: the rows are still there. So nothing is lost and nothing runs twice; and every
 * processor is idempotent besides.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private loop: Promise<void> | null = null;
  private closed = false;
  private readonly stopped: Promise<void>;
  private stop: () => void = () => undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.stopped = new Promise((resolve) => {
      this.stop = resolve;
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Relays one batch; returns how many rows it sent. */
  async relayOnce(): Promise<number> {
    const { sequelize, queues, clock } = this.options;
    const relayed = await sequelize.transaction(async (transaction) => {
      const rows = await sequelize.query<OutboxRow>(
        `SELECT id, key, topic, payload FROM outbox WHERE sent_at IS NULL
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        { bind: [this.batchSize], type: QueryTypes.SELECT, transaction },
      );
      if (rows.length === 0) return rows;
      const now = clock.now();
      const jobs = rows.map((row) => jobOf(row, now));
      await withTimeout(queues.addAll(jobs), this.options.queueTimeoutMs ?? QUEUE_TIMEOUT_MS, 'adding outbox jobs');
      await sequelize.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', {
        bind: [rows.map((row) => row.id)],
        transaction,
      });
      return rows;
    });
    if (relayed.length > 0) {
      this.options.logger.debug({ relayed: relayed.length }, 'outbox relayed');
      await removeMootTimers(this.options, relayed);
    }
    return relayed.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    await this.options.wakeup?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.logger.warn({ err: (error as Error).message, failures }, 'outbox relay failed; will retry');
      }
      if (this.closed) return;
      if (relayed === this.batchSize) continue;
      if (failures > 0) {
        await this.sleep(Math.min(MAX_BACKOFF_MS, this.pollIntervalMs * 2 ** failures));
        continue;
      }
      await this.sleep(GATHER_MS);
      const rest = Math.max(0, this.pollIntervalMs - GATHER_MS);
      await (this.options.wakeup?.wait(rest) ?? this.sleep(rest));
    }
  }

  /** A pause that close() cuts short. */
  private sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
      this.stopped,
    ]).finally(() => clearTimeout(timer));
  }
}
