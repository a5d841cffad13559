import { PostgresQueueBackend } from './postgres-queue-backend.ts';
import type { QueueBackend, QueueBackendOptions } from './queue-backend.ts';
import { RedisQueueBackend } from './redis-queue-backend.ts';

/** Connects to the backend the configuration names, failing with a sentence that names the variable to fix. */
export function openQueueBackend(options: QueueBackendOptions): Promise<QueueBackend> {
  return options.redisUrl
    ? RedisQueueBackend.open({ redisUrl: options.redisUrl, prefix: options.prefix, logger: options.logger })
    : PostgresQueueBackend.open({ databaseUrl: options.databaseUrl, prefix: options.prefix, logger: options.logger });
}
