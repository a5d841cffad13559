import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Logger } from '../logger.ts';
import { withSessionLock } from './session-lock.ts';

export interface MigrationContext {
  context: QueryInterface;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
/** Key of the Postgres advisory lock that serialises migrations across processes starting at once. */
const MIGRATION_LOCK_KEY = 720_331_001;

export function createMigrator(sequelize: Sequelize, logger?: Logger): Umzug<QueryInterface> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{14}-[\w-]+\.ts$/.test(file))
    .sort();
  return new Umzug({
    migrations: files.map((file) => {
      const load = () => import(new URL(file, `file://${MIGRATIONS_DIR}`).href);
      return {
        name: file.replace(/\.ts$/, ''),
        up: async ({ context }) => (await load()).up({ context }),
        down: async ({ context }) => (await load()).down({ context }),
      };
    }),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: logger
      ? {
          info: (m) => logger.info(m, 'migration'),
          warn: (m) => logger.warn(m, 'migration'),
          error: (m) => logger.error(m, 'migration'),
          debug: (m) => logger.debug(m, 'migration'),
        }
      : undefined,
  });
}

/**
 * Runs pending migrations while holding a session advisory lock, so several replicas starting together migrate
 * once: the others wait, then find nothing pending. Returns the names applied.
 */
export async function migrateUp(sequelize: Sequelize, logger?: Logger): Promise<string[]> {
  return withMigrationLock(sequelize, async () => {
    const applied = await createMigrator(sequelize, logger).up();
    return applied.map((m) => m.name);
  });
}

/** Reverts the last applied migration, or all of them with `{ all: true }`. */
export async function migrateDown(sequelize: Sequelize, options: { all?: boolean } = {}, logger?: Logger) {
  return withMigrationLock(sequelize, async () => {
    const reverted = await createMigrator(sequelize, logger).down(options.all ? { to: 0 } : { step: 1 });
    return reverted.map((m) => m.name);
  });
}

function withMigrationLock<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  return withSessionLock(sequelize, MIGRATION_LOCK_KEY, work);
}
