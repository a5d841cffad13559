import type { Sequelize } from 'sequelize';
import type { QueueBackend } from '../../jobs/queue-backend.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config.ts';
import type { Stores } from '../db/stores.ts';
import type { TicketTracker } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import type { ShutdownStack } from './shutdown-stack.ts';
import type { SlackPorts } from './slack-ports.ts';

/** What every feature is assembled from: the configuration, and the ports the entry point opened once. */
export interface Wiring {
  config: Config;
  logger: Logger;
  shutdown: ShutdownStack;
  sequelize: Sequelize;
  databaseUrl: string;
  /** The stores, for the infrastructure that needs one of its own (the notifier, the commenter, token auth). */
  stores: Stores;
  services: Services;
  tracker: TicketTracker;
  slack: SlackPorts;
  queueBackend: QueueBackend;
}
