/**
 * Where BullMQ keeps its jobs: Redis when REDIS_URL is set, otherwise BullMQ's Postgres backend on DATABASE_URL
 * (DESIGN.md §3). Everything else in jobs/ sees only this interface, so queues, workers and tests are the same on
 * both. open-queue-backend.ts picks one; the backends import these types, so this file imports neither.
 */
import type { DefaultJobOptions, IQueueBackend, JobProgress, Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import type { Logger } from '../src/logger.ts';

/** Jobs carry ids and a due time, never whole objects or secrets (STYLE.md habit 8). */
export type JobData = Record<string, unknown>;
export type GrantdeskQueue = Queue<JobData, unknown, string, JobData, unknown, string, IQueueBackend, unknown>;
export type GrantdeskWorker = Worker<JobData, unknown, string, IQueueBackend, JobProgress, unknown>;
export type JobProcessor = Processor<JobData, unknown, string>;
/** Worker settings we choose per queue; the connection and namespace come from the backend. */
export type WorkerSettings = Pick<
  WorkerOptions,
  'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'
>;

export interface QueueBackend {
  readonly kind: 'redis' | 'postgres';
  createQueue(name: string, defaultJobOptions: DefaultJobOptions): GrantdeskQueue;
  createWorker(name: string, processor: JobProcessor, settings: WorkerSettings): GrantdeskWorker;
  /** Resolves when the backend answers (for /readyz). */
  ping(): Promise<void>;
  /** Closes the connections the backend opened; queues and workers must be closed first. */
  close(): Promise<void>;
}

export interface QueueBackendOptions {
  redisUrl: string | undefined;
  databaseUrl: string;
  /** BULLMQ_PREFIX: the namespace of every queue, so deployments and test runs can share one Redis or database. */
  prefix: string;
  logger: Logger;
}
