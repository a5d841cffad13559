import type { Services } from '../app/services.ts';
import type { Clock } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';

/** What the REST API is built from (see apiRoutes). */
export interface ApiDeps {
  services: Services;
  clock: Clock;
  logger: Logger;
}
