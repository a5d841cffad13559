/**
 * One `serve` replica's REST API beside the API harness: its own in-memory session states LISTENing on the suite's
 * database, its own port, the harness's services and clock. Several of them stand for several `serve` processes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Services } from '../../src/app/services.ts';
import { SessionStates } from '../../src/db/session-states.ts';
import type { Stores } from '../../src/db/stores.ts';
import type { Clock } from '../../src/domain/ports.ts';
import type { ApiLimits } from '../../src/http/api-deps.ts';
import { apiRoutes } from '../../src/http/api-routes.ts';
import { withSessionCheck } from '../../src/http/session-check-handler.ts';
import { createLogger } from '../../src/logger.ts';
import type { ApiHarness } from './api-harness.ts';

export interface ApiReplica {
  baseUrl: string;
  states: SessionStates;
  close(): Promise<void>;
}

/** What a replica is built from: the harness, or anything with a database, services and a clock (the benchmarks). */
export interface ReplicaBase {
  services: Services;
  stores: Pick<Stores, 'tokens'>;
  clock: Clock;
  db: Pick<ApiHarness['db'], 'url' | 'sequelize'>;
}

export async function startApiReplica(
  api: ReplicaBase,
  options: { port?: number; streamHeartbeatMs?: number; limits?: Partial<ApiLimits> } = {},
): Promise<ApiReplica> {
  const logger = createLogger('silent');
  const states = new SessionStates({ databaseUrl: api.db.url, sequelize: api.db.sequelize, logger });
  await states.start();
  const app = express();
  const { streamHeartbeatMs } = options;
  const routes = apiRoutes({
    services: api.services,
    tokens: api.stores.tokens,
    clock: api.clock,
    logger,
    sessionStates: states,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(streamHeartbeatMs ? { streamHeartbeatMs } : {}),
  });
  app.use(routes.router);
  // Served as `serve` serves it: the session check first, everything else through Express.
  const server = await new Promise<Server>((resolve) => {
    const listening = createServer(withSessionCheck(routes.sessionCheck, app)).listen(
      options.port ?? 0,
      '127.0.0.1',
      () => resolve(listening),
    );
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    states,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await states.close();
    },
  };
}
