import { createOperatorServices, type OperatorServices } from '../app/operator-services.ts';
import type { Config } from '../config.ts';
import { createStores } from '../db/stores.ts';
import { randomIds, systemClock } from '../system-clock.ts';
import { withDatabase } from './open-database.ts';

/** Connects for a one-shot command and hands it the operator's use cases; the connection closes when it is done. */
export function withOperatorServices<T>(
  config: Config,
  command: string,
  work: (services: OperatorServices) => Promise<T>,
): Promise<T> {
  return withDatabase(config, command, (sequelize) =>
    work(
      createOperatorServices({
        stores: createStores(sequelize, randomIds),
        clock: systemClock,
        ids: randomIds,
        retention: { defaultDays: config.audit.retentionDays, keepUnforwarded: Boolean(config.audit.webhookUrl) },
      }),
    ),
  );
}
