/**
 * Finds Postgres (DATABASE_URL, else 127.0.0.1:5432, else an embedded Postgres started here) and Redis (REDIS_URL,
 * else 127.0.0.1:6379, else none: queue tests then run on BullMQ's Postgres backend), and builds one migrated
 * template database that every suite copies (CREATE DATABASE … TEMPLATE), so suites run in parallel on their own data.
 *
 * Each project that needs them (integration, e2e, browser) names this file, and Vitest runs it once per project in
 * its own process; the services are found once and shared through `globalThis`, so an embedded Postgres starts once
 * and stops after the last project is done.
 */
import type { TestProject } from 'vitest/node';
import { describeTestServices, findTestServices, type TestServices } from './test-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    redisUrl: string | null;
  }
}

interface SharedServices {
  services: Promise<TestServices>;
  users: number;
}

const shared = globalThis as typeof globalThis & { grantdeskTestServices?: SharedServices };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!shared.grantdeskTestServices) {
    const services = findTestServices();
    shared.grantdeskTestServices = { services, users: 0 };
    console.log(describeTestServices(await services));
  }
  const entry = shared.grantdeskTestServices;
  entry.users += 1;
  const services = await entry.services;
  project.provide('postgresAdminUrl', services.postgresAdminUrl);
  project.provide('templateDatabase', services.templateDatabase);
  project.provide('redisUrl', services.redisUrl);
  return async () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    shared.grantdeskTestServices = undefined;
    await services.stop();
  };
}
