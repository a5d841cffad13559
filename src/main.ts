/**
 * Wiring only: config → adapters → use cases → routes and workers → start. Decides nothing; every piece it builds
 * is tested on its own. `serve` starts the HTTP side and the workers, `worker` only the workers.
 */
import type { Server } from 'node:http';
import express from 'express';
import { createServices, type Services } from './app/services.ts';
import type { Config } from './config.ts';
import { checkDatabase, createSequelize } from './db/database.ts';
import { migrateUp } from './db/migrator.ts';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.ts';
import { JiraTicketTracker } from './jira/jira-ticket-tracker.ts';
import type { Logger } from './logger.ts';
import { randomIds, systemClock } from './system-clock.ts';

export interface RunningGrantdesk {
  services: Services;
  /** The port the HTTP server listens on (when it runs). */
  port: number | null;
  close(): Promise<void>;
}

/** Things to stop at shutdown, in reverse order of start. */
type Closer = () => Promise<unknown>;

export async function startGrantdesk(
  config: Config,
  logger: Logger,
  mode: { http: boolean; workers: boolean },
): Promise<RunningGrantdesk> {
  const closers: Closer[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((error) => logger.warn({ error }, 'close failed'));
  };
  try {
    const databaseUrl = config.databaseUrl as string;
    const sequelize = createSequelize(databaseUrl, logger);
    closers.push(() => sequelize.close());
    await checkDatabase(sequelize, databaseUrl);
    const applied = await migrateUp(sequelize, logger);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    const tracker = new JiraTicketTracker({
      baseUrl: config.jira.baseUrl as string,
      ...(config.jira.auth?.kind === 'basic'
        ? { email: config.jira.auth.email, apiToken: config.jira.auth.apiToken }
        : {}),
      ...(config.jira.auth?.kind === 'bearer' ? { pat: config.jira.auth.token } : {}),
      timeoutMs: config.jira.timeoutMs,
    });
    const services = createServices({
      sequelize,
      tracker,
      access: { isApprover: async () => false, isAuditor: async () => false },
      clock: systemClock,
      ids: randomIds,
      policy: config.grants,
      ticketPolicy: { allowedProjects: config.jira.projects, requireOpen: config.jira.requireOpen },
    });

    const readiness: ReadinessCheck[] = [
      { name: 'postgres', check: async () => void (await sequelize.query('SELECT 1')) },
    ];

    let port: number | null = null;
    if (mode.http) {
      const app = express();
      app.disable('x-powered-by');
      app.use(healthRoutes(readiness));
      const server = await listen(app, config.port);
      closers.push(() => closeServer(server));
      port = (server.address() as { port: number }).port;
      logger.info({ port }, 'listening');
    }
    return { services, port, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
