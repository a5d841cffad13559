/**
 * Real `grantdesk worker` processes (node bin/grantdesk.js worker), as an operator scales out: for the scale-out
 * tests and the expiry benchmark. Each is ready once it logs "workers started"; its output is kept for diagnosis.
 * Nothing here depends on vitest, so bench/ uses it too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Not a budget for how fast a worker starts: each costs about 5 s of CPU (loading the app through tsx, its
 * dependencies 2.6 s of that), so three started together on two cores shared with another test suite take from 15 s
 * to well over a minute. The wait ends on the ready line or on the process's exit; this ceiling only turns a hang
 * into a failure that shows what the process printed. Hooks that start a fleet allow it plus their own work.
 */
export const FLEET_START_CEILING_MS = 240_000;

export interface WorkerFleetOptions {
  count: number;
  databaseUrl: string;
  /** Unset: BullMQ's Postgres backend. */
  redisUrl: string | null;
  prefix: string;
  /** Any other configuration (RECONCILE_INTERVAL, GRANT_MIN_DURATION, …). */
  env?: Record<string, string>;
  /** How long each process may take to start (the expiry benchmark gives a machine under heavy load longer). */
  readyTimeoutMs?: number;
  /** What to run with node, from the repository root; `grantdesk worker` unless told otherwise. */
  args?: string[];
}

/** The advisory lock that lets one fleet at a time run on a Postgres server (see turnOnServer). */
const FLEET_LOCK = 'grantdesk worker fleet';

/**
 * Waits for this fleet's turn on the Postgres server and holds it on the returned connection until that closes. A
 * fleet of three workers holds about 40 of Postgres' 100 connections (each worker's two pools and its LISTENs), so two
 * test suites side by side that start fleets at the same moment ran out ("sorry, too many clients already"). The
 * lock is taken in the server's `postgres` database, which every suite shares (advisory locks belong to a database),
 * and is a session lock: a suite that dies releases it with its connection.
 */
async function turnOnServer(databaseUrl: string): Promise<pg.Client> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [FLEET_LOCK]);
  } catch (error) {
    await client.end();
    throw error;
  }
  return client;
}

export class WorkerFleet {
  private constructor(
    readonly processes: ChildProcess[],
    private readonly output: string[][],
    private readonly turn: pg.Client,
  ) {}

  private turnEnded = false;

  static async start(options: WorkerFleetOptions): Promise<WorkerFleet> {
    const turn = await turnOnServer(options.databaseUrl);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: options.databaseUrl,
      // Empty counts as unset, and keeps a .env file from supplying one.
      REDIS_URL: options.redisUrl ?? '',
      BULLMQ_PREFIX: options.prefix,
      LOG_LEVEL: 'info',
      // A worker's queries are short: a small pool lets two suites' fleets share Postgres' 100 connections.
      DATABASE_POOL_MAX: '5',
      ...options.env,
    };
    // The fleet exists before its first process, so that whatever fails from here on, stop() ends the turn.
    const fleet = new WorkerFleet([], [], turn);
    try {
      for (let i = 0; i < options.count; i++) fleet.spawnWorker(options.args ?? ['bin/grantdesk.js', 'worker'], env);
      const timeoutMs = options.readyTimeoutMs ?? FLEET_START_CEILING_MS;
      await Promise.all(fleet.processes.map((_, i) => fleet.ready(i, timeoutMs)));
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  private spawnWorker(args: string[], env: NodeJS.ProcessEnv): void {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'pipe' });
    const lines: string[] = [];
    const keep = (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.processes.push(child);
    this.output.push(lines);
  }

  /** The last lines a process printed (JSON logs), for a failure message. */
  logs(index: number): string {
    return (this.output[index] ?? []).slice(-30).join('\n');
  }

  /** kill -9: no shutdown, no cleanup, jobs in progress left locked. */
  async kill9(index: number): Promise<void> {
    const child = this.processes[index];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM to every process still running; waits for them to exit (up to 15 s, then SIGKILL). */
  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    // The fleet's connections are gone with its processes: the next fleet on this server may start.
    if (!this.turnEnded) {
      this.turnEnded = true;
      await this.turn.end();
    }
  }

  private ready(index: number, timeoutMs: number): Promise<void> {
    const child = this.processes[index] as ChildProcess;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`worker ${index} not ready in ${timeoutMs} ms:\n${this.logs(index)}`));
      }, timeoutMs);
      const onData = () => {
        if ((this.output[index] ?? []).some((line) => line.includes('"msg":"workers started"'))) {
          cleanup();
          resolve();
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`worker ${index} exited with ${code} before it was ready:\n${this.logs(index)}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      onData();
    });
  }
}
