import { openQueueBackend } from '../../jobs/open-queue-backend.ts';
import { jobIdOf } from '../../jobs/outbox-job.ts';
import { QueueNames } from '../../jobs/queue-names.ts';
import { Queues } from '../../jobs/queues.ts';
import { createLogger } from '../../src/logger.ts';

export interface TimerJobs {
  /** The state of a timer job (expiry queue) by its outbox key (`lapse:<grantId>`…); undefined when the queue has none. */
  state(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Reads the timer jobs of a running app from its queue namespace, on whichever backend it uses. */
export async function openTimerJobs(where: {
  redisUrl: string | null;
  databaseUrl: string;
  prefix: string;
}): Promise<TimerJobs> {
  const backend = await openQueueBackend({
    redisUrl: where.redisUrl ?? undefined,
    databaseUrl: where.databaseUrl,
    prefix: where.prefix,
    logger: createLogger('silent'),
  });
  const queues = new Queues(backend);
  const expiry = queues.queue(QueueNames.expiry);
  return {
    async state(key) {
      const job = await expiry.getJob(jobIdOf(key));
      return job ? expiry.getJobState(jobIdOf(key)) : undefined;
    },
    async close() {
      await queues.close();
      await backend.close();
    },
  };
}
