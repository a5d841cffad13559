import type { Sequelize } from 'sequelize';
import type { Services } from '../src/app/services.ts';
import type { GrantPolicy } from '../src/domain/grant-policy.ts';
import type { Notifier } from '../src/domain/notification.ts';
import type { Clock } from '../src/domain/ports.ts';
import type { Logger } from '../src/logger.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { OutboxWakeup } from './outbox-wakeup.ts';
import type { GrantdeskWorker, QueueBackend } from './queue-backend.ts';
import { Queues } from './queues.ts';
import { Reconciler } from './reconciler.ts';
import { startWorkers } from './start-workers.ts';
import type { TicketCommenter } from './ticket-commenter.ts';

export interface JobRunnerDeps {
  backend: QueueBackend;
  services: Services;
  /** PENDING_TTL (the lapse job). */
  policy: Pick<GrantPolicy, 'pendingTtlMs' | 'approvalReminderMs' | 'approvalEscalationMs'>;
  sequelize: Sequelize;
  /** For the relay's LISTEN connection; null to poll only. */
  databaseUrl: string | null;
  /** Null when this process cannot reach Slack (see start-workers.ts). */
  notifier: Notifier | null;
  commenter: TicketCommenter | null;
  clock: Clock;
  logger: Logger;
  reconcileIntervalMs: number;
  /** Overrides for tests: how often the relay polls when no NOTIFY comes. */
  relayPollIntervalMs?: number;
}

export interface JobRunner {
  queues: Queues;
  relay: OutboxRelay;
  reconciler: Reconciler;
  workers: GrantdeskWorker[];
  /** Stops taking work, lets jobs in progress finish, and closes the queues (the backend stays open). */
  close(): Promise<void>;
}

/**
 * Everything a `worker` process runs (and `serve` too): the workers, the outbox relay and the reconciler. Any
 * number of processes may run it against one Postgres and one queue backend.
 */
export async function startJobRunner(deps: JobRunnerDeps): Promise<JobRunner> {
  const logger = deps.logger.child({ component: 'jobs' });
  const queues = new Queues(deps.backend);
  const workers = startWorkers({ ...deps, queues, logger });
  const relay = new OutboxRelay({
    sequelize: deps.sequelize,
    queues,
    wakeup: deps.databaseUrl ? new OutboxWakeup(deps.databaseUrl, logger) : null,
    clock: deps.clock,
    logger,
    ...(deps.relayPollIntervalMs === undefined ? {} : { pollIntervalMs: deps.relayPollIntervalMs }),
  });
  const reconciler = new Reconciler({
    sequelize: deps.sequelize,
    services: deps.services,
    queues,
    clock: deps.clock,
    logger,
    intervalMs: deps.reconcileIntervalMs,
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  relay.start();
  reconciler.start();
  logger.info(
    { backend: deps.backend.kind, workers: workers.map((w) => w.name), reconcileIntervalMs: deps.reconcileIntervalMs },
    'workers started',
  );
  return {
    queues,
    relay,
    reconciler,
    workers,
    async close() {
      await reconciler.close();
      await relay.close();
      await Promise.all(workers.map((worker) => worker.close()));
      await queues.close();
      logger.info('workers stopped');
    },
  };
}
