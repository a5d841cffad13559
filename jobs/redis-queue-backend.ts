import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../src/logger.ts';
import { withTimeout } from '../src/with-timeout.ts';
import type { GrantdeskQueue, GrantdeskWorker, JobProcessor, QueueBackend, WorkerSettings } from './queue-backend.ts';

/** How long start-up waits for Redis before it gives up naming REDIS_URL, rather than hang. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * BullMQ on Redis through ioredis. One connection is shared by every queue; each worker duplicates it for its
 * blocking reads (BullMQ does that itself). `maxRetriesPerRequest: null` is what BullMQ requires of a worker's
 * connection: a command waits out a Redis restart instead of failing the job.
 */
export class RedisQueueBackend implements QueueBackend {
  readonly kind = 'redis';

  private constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  static async open(options: { redisUrl: string; prefix: string; logger: Logger }): Promise<RedisQueueBackend> {
    const { logger } = options;
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    let reported = false;
    connection.on('error', (error: Error) => {
      // ioredis retries forever and reports every attempt: say it once per outage.
      if (!reported) logger.warn({ err: error.message }, 'Redis connection error (REDIS_URL); retrying');
      reported = true;
    });
    connection.on('ready', () => {
      reported = false;
    });
    const cannotReach = `Cannot reach Redis at ${where(options.redisUrl)} (REDIS_URL)`;
    try {
      await withTimeout(
        connection.ping().catch((error: Error) => {
          throw new Error(`${cannotReach}: ${error.message}`);
        }),
        CONNECT_TIMEOUT_MS,
        cannotReach,
      );
    } catch (error) {
      connection.disconnect();
      throw error;
    }
    await warnUnlessNoEviction(connection, logger);
    logger.info({ redis: where(options.redisUrl), prefix: options.prefix }, 'queues on Redis');
    return new RedisQueueBackend(connection, options.prefix);
  }

  createQueue(name: string, defaultJobOptions: GrantdeskQueue['defaultJobOptions']): GrantdeskQueue {
    return new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions });
  }

  createWorker(name: string, processor: JobProcessor, settings: WorkerSettings): GrantdeskWorker {
    return new Worker(name, processor, { ...settings, connection: this.connection, prefix: this.prefix });
  }

  async ping(): Promise<void> {
    const answer = await this.connection.ping();
    if (answer !== 'PONG') throw new Error(`Redis answered ${answer} to PING`);
  }

  async close(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

/**
 * Redis evicting keys under memory pressure would silently drop delayed jobs (BullMQ's production guide asks for
 * `noeviction`). The reconciler would still end those grants, up to RECONCILE_INTERVAL late, so this warns rather
 * than refuses. Managed Redis services often forbid CONFIG: then there is nothing to check.
 */
async function warnUnlessNoEviction(connection: Redis, logger: Logger): Promise<void> {
  try {
    const [, policy] = (await connection.config('GET', 'maxmemory-policy')) as string[];
    if (policy !== undefined && policy !== 'noeviction') {
      logger.warn(
        { maxmemoryPolicy: policy },
        'Redis maxmemory-policy is not noeviction: Redis may drop queued jobs under memory pressure; set it to noeviction',
      );
    }
  } catch (error) {
    logger.debug({ err: (error as Error).message }, 'cannot read Redis maxmemory-policy');
  }
}

function where(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname}:${url.port || '6379'}`;
  } catch {
    return 'REDIS_URL';
  }
}
