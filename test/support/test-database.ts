import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Sequelize } from 'sequelize';
import { inject } from 'vitest';
import { createSequelize } from '../../src/db/database.ts';
import { defineModels, type Models } from '../../src/db/models.ts';
import { withDatabase, withPostgresClient } from './test-services.ts';

export interface TestDatabase {
  url: string;
  name: string;
  sequelize: Sequelize;
  models: Models;
  /** Runs SQL as an administrator on this database (e.g. to tamper with rows behind the triggers' back). */
  adminQuery(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

/** A fresh, migrated database of this suite's own, copied from the template the global setup built. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `grantdesk_test_${randomBytes(6).toString('hex')}`;
  await withPostgresClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`),
  );
  const url = withDatabase(adminUrl, name);
  const sequelize = createSequelize(url, undefined, 25);
  return {
    url,
    name,
    sequelize,
    models: defineModels(sequelize),
    adminQuery: (sql, params) => withPostgresClient(url, (client) => client.query(sql, params as unknown[])),
    async drop() {
      await sequelize.close();
      await withPostgresClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
