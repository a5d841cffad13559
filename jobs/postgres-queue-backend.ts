import { assertSchemaCompatibility, createPostgresBackend, DEFAULT_SCHEMA, Queue, runMigrations, Worker } from 'bullmq';
import pg from 'pg';
import { describeDatabase } from '../src/db/database.ts';
import type { Logger } from '../src/logger.ts';
import type { GrantdeskQueue, GrantdeskWorker, JobProcessor, QueueBackend, WorkerSettings } from './queue-backend.ts';

/**
 * One pool per process for every queue and worker. Each worker keeps one of its connections for LISTEN (BullMQ's
 * blocking wait); the rest serve job state changes, which are single short statements, so a handful suffice for the
 * workers' 10 concurrent jobs. Small on purpose: every process also holds Sequelize's pool (10), and Postgres'
 * default max_connections (100) has to cover every process.
 */
const POOL_MAX = 8;

/**
 * BullMQ on Postgres, in BullMQ's own schema (`bullmq`) beside Grantdesk's tables, when REDIS_URL is unset.
 *
 * Postgres has no key prefix: BullMQ namespaces it by schema, and a schema is only honoured on pools BullMQ builds
 * itself (one per queue and worker, too many connections). So the shared pool pins `search_path` to the default
 * schema and BULLMQ_PREFIX goes into each queue's name instead (`grantdesk.expiry`), which keeps deployments that
 * share a database apart just as the Redis key prefix does.
 */
export class PostgresQueueBackend implements QueueBackend {
  readonly kind = 'postgres';

  private constructor(
    private readonly pool: pg.Pool,
    private readonly prefix: string,
  ) {}

  static async open(options: { databaseUrl: string; prefix: string; logger: Logger }): Promise<PostgresQueueBackend> {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: POOL_MAX,
      // Job state changes come in bursts: a connection left idle after one is closed within a second rather than ten,
      // so a quiet worker holds little more than its LISTEN connections of Postgres' max_connections.
      idleTimeoutMillis: 1_000,
      // LISTEN connections live for hours: keepalive turns a silently dropped one into an error BullMQ rebuilds.
      keepAlive: true,
      options: `-c search_path=${DEFAULT_SCHEMA}`,
    });
    pool.on('error', (error) => options.logger.warn({ err: error.message }, 'idle BullMQ Postgres connection failed'));
    // Every queue and worker on the pool listens for its errors: a dozen of them is expected, not a leak.
    pool.setMaxListeners(50);
    try {
      // Explicit, idempotent and advisory-locked: several processes starting together migrate once.
      const client = await pool.connect();
      try {
        await runMigrations(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw new Error(
        `Cannot prepare BullMQ's schema in Postgres at ${describeDatabase(options.databaseUrl)} (DATABASE_URL): ${(error as Error).message}`,
      );
    }
    options.logger.info({ schema: DEFAULT_SCHEMA, prefix: options.prefix }, 'queues on Postgres (REDIS_URL unset)');
    return new PostgresQueueBackend(pool, options.prefix);
  }

  /** BullMQ refuses `:` in queue names; BULLMQ_PREFIX may contain it. */
  private queueName(name: string): string {
    return `${this.prefix.replaceAll(':', '.')}.${name}`;
  }

  // The casts below only forget the connection type, which differs per backend: callers use the shared API.
  createQueue(name: string, defaultJobOptions: GrantdeskQueue['defaultJobOptions']): GrantdeskQueue {
    const queue = new Queue(this.queueName(name), { connection: this.pool, defaultJobOptions }, createPostgresBackend);
    return queue as unknown as GrantdeskQueue;
  }

  createWorker(name: string, processor: JobProcessor, settings: WorkerSettings): GrantdeskWorker {
    const worker = new Worker(
      this.queueName(name),
      processor,
      { ...settings, connection: this.pool },
      createPostgresBackend,
    );
    return worker as unknown as GrantdeskWorker;
  }

  async ping(): Promise<void> {
    await assertSchemaCompatibility(this.pool);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
