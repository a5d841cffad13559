import express, { type Router } from 'express';
import { QueueNames } from '../../jobs/queue-names.ts';
import { Queues } from '../../jobs/queues.ts';
import { metricsRoutes } from '../http/metrics-routes.ts';
import { listenOn } from './listen-on.ts';
import type { Wiring } from './wiring.ts';

/**
 * /metrics: on its own port when METRICS_PORT is set (so Prometheus can scrape a network the public endpoints are
 * not on), otherwise `router` is mounted on the main server by the HTTP feature.
 */
export async function startMetricsFeature(wiring: Wiring): Promise<{ router: Router; port: number | null }> {
  const { config, logger, shutdown, sequelize, queueBackend } = wiring;
  const queues = new Queues(queueBackend);
  shutdown.add(() => queues.close());
  const router = metricsRoutes({
    sequelize,
    queueCounts: async () => {
      const names = Object.values(QueueNames);
      const counts = await Promise.all(
        names.map((name) => queues.queue(name).getJobCounts('waiting', 'delayed', 'active', 'failed')),
      );
      return Object.fromEntries(names.map((name, i) => [name, counts[i] ?? {}]));
    },
  });
  if (config.metricsPort === undefined) return { router, port: null };
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  const port = await listenOn(app, config.metricsPort, shutdown);
  logger.info({ port }, 'metrics listening');
  return { router, port };
}
