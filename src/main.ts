/**
 * Wiring only: config → ports → use cases → features → start. Decides nothing; each feature (src/wiring/) assembles
 * itself from the configuration and is tested on its own. `serve` starts the HTTP side and the workers, `worker`
 * only the workers.
 */
import { openQueueBackend } from '../jobs/open-queue-backend.ts';
import { createServices } from './app/services.ts';
import type { Config } from './config.ts';
import { checkDatabase, createSequelize } from './db/database.ts';
import { migrateUp } from './db/migrator.ts';
import { createStores } from './db/stores.ts';
import { ticketTrackerFrom } from './jira/ticket-tracker-from.ts';
import type { Logger } from './logger.ts';
import { ConfiguredGroupDirectory } from './policy/configured-group-directory.ts';
import { randomIds, systemClock } from './system-clock.ts';
import { loadAccessPolicyFeature } from './wiring/access-policy-feature.ts';
import { startHttpFeature } from './wiring/http-feature.ts';
import { startMetricsFeature } from './wiring/metrics-feature.ts';
import type { RunningGrantdesk } from './wiring/running-grantdesk.ts';
import { ShutdownStack } from './wiring/shutdown-stack.ts';
import { slackPortsFrom } from './wiring/slack-ports.ts';
import { startWorkersFeature } from './wiring/workers-feature.ts';

export async function startGrantdesk(
  config: Config,
  logger: Logger,
  mode: { http: boolean; workers: boolean },
): Promise<RunningGrantdesk> {
  const shutdown = new ShutdownStack(logger);
  try {
    const databaseUrl = config.databaseUrl as string;
    const sequelize = createSequelize(databaseUrl, logger, config.databasePoolMax);
    shutdown.add(() => sequelize.close());
    await checkDatabase(sequelize, databaseUrl);
    const applied = await migrateUp(sequelize, logger);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    const tracker = ticketTrackerFrom(config.jira);
    const slack = slackPortsFrom(config, logger);
    const policy = await loadAccessPolicyFeature(config);
    const stores = createStores(sequelize, randomIds);
    const services = createServices({
      sequelize,
      stores,
      tracker,
      access: slack.access,
      clock: systemClock,
      ids: randomIds,
      policy: config.grants,
      ticketPolicy: { allowedProjects: config.jira.projects, requireOpen: config.jira.requireOpen },
      accessPolicy: policy.holder,
      groups: new ConfiguredGroupDirectory(slack.access, slack.directory),
      roster: slack.directory ?? undefined,
      timeZone: config.digest.timezone,
    });
    // The process that decides requests records the set it decides with; a worker decides none.
    if (mode.http) await policy.recordStart(stores.unitOfWork);
    const reloadPolicy = policy.reloader(stores.unitOfWork, slack.compliancePoster, logger);

    const { redisUrl, prefix } = config.queue;
    const queueBackend = await openQueueBackend({ redisUrl, databaseUrl, prefix, logger });
    shutdown.add(() => queueBackend.close());
    const wiring = { config, logger, shutdown, sequelize, databaseUrl, stores, services, tracker, slack, queueBackend };
    const metrics = await startMetricsFeature(wiring);
    if (mode.workers) await startWorkersFeature(wiring);
    const port = mode.http ? await startHttpFeature(wiring, metrics) : null;
    return {
      services,
      accessPolicy: policy.holder,
      port,
      metricsPort: metrics.port,
      reloadPolicy,
      close: () => shutdown.close(),
    };
  } catch (error) {
    await shutdown.close();
    throw error;
  }
}
