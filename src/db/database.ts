import { Sequelize } from 'sequelize';
import type { Logger } from '../logger.ts';

/** Where a connection string points, for error messages (never the password). */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export function createSequelize(databaseUrl: string, logger?: Logger, poolMax = 10): Sequelize {
  return new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging: logger ? (sql) => logger.trace({ sql }, 'sql') : false,
    pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  });
}

/**
 * Opens a connection once and turns the driver's error into a sentence that names the host and port, so an
 * operator sees "cannot reach Postgres at db:5432/grantdesk" rather than a stack.
 */
export async function checkDatabase(sequelize: Sequelize, databaseUrl: string): Promise<void> {
  try {
    await sequelize.authenticate();
  } catch (error) {
    const cause = (error as { original?: { code?: string; message?: string } }).original ?? (error as Error);
    const what = 'code' in cause && cause.code === 'ECONNREFUSED' ? 'connection refused' : cause.message;
    throw new Error(`Cannot reach Postgres at ${describeDatabase(databaseUrl)} (DATABASE_URL): ${what}`);
  }
}
