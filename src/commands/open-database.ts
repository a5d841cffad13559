import type { Sequelize } from 'sequelize';
import type { Config } from '../config.ts';
import { assertDatabaseConfig } from '../config-assertions.ts';
import { checkDatabase, createSequelize } from '../db/database.ts';

/** Connects for a one-shot command, naming the host and port when Postgres cannot be reached. */
export async function openDatabase(config: Config, command: string): Promise<Sequelize> {
  assertDatabaseConfig(config, command);
  const sequelize = createSequelize(config.databaseUrl as string, undefined, 2);
  try {
    await checkDatabase(sequelize, config.databaseUrl as string);
  } catch (error) {
    await sequelize.close();
    throw error;
  }
  return sequelize;
}

export async function withDatabase<T>(
  config: Config,
  command: string,
  work: (db: Sequelize) => Promise<T>,
): Promise<T> {
  const sequelize = await openDatabase(config, command);
  try {
    return await work(sequelize);
  } finally {
    await sequelize.close();
  }
}
