/**
 * The baseline of bench/expiry.ts: a bare BullMQ worker whose jobs do nothing, on the same backend plumbing as
 * Grantdesk's (jobs/queue-backend.ts) and with the same concurrency as its expiry worker. Configured by the
 * environment the benchmark gives it; logs the same "workers started" line as `grantdesk worker` when ready.
 */
import { openQueueBackend } from '../jobs/open-queue-backend.ts';
import { createLogger } from '../src/logger.ts';

const logger = createLogger('info');
const backend = await openQueueBackend({
  redisUrl: process.env.REDIS_URL || undefined,
  databaseUrl: process.env.DATABASE_URL as string,
  prefix: process.env.BULLMQ_PREFIX as string,
  logger,
});
const worker = backend.createWorker(process.env.BENCH_QUEUE as string, async () => undefined, {
  concurrency: Number(process.env.BENCH_CONCURRENCY),
});
await worker.waitUntilReady();
logger.info('workers started');
process.on('SIGTERM', async () => {
  await worker.close();
  await backend.close();
  process.exit(0);
});
