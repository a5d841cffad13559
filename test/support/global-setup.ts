/**
 * Finds Postgres (DATABASE_URL, else 127.0.0.1:5432, else an embedded Postgres started here) and Redis (REDIS_URL,
 * else 127.0.0.1:6379, else none: queue tests then run on BullMQ's Postgres backend), and builds one migrated
 * template database that every suite copies (CREATE DATABASE … TEMPLATE), so suites run in parallel on their own data.
 */
import type { TestProject } from 'vitest/node';
import { findPostgres, findRedis, prepareTemplate } from './test-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    redisUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await findPostgres();
  const templateDatabase = await prepareTemplate(postgres.adminUrl);
  project.provide('postgresAdminUrl', postgres.adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('redisUrl', await findRedis());
  return postgres.stop;
}
