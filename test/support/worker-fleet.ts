/**
 * Real `grantdesk worker` processes (node bin/grantdesk.js worker), as an operator scales out: for the scale-out
 * tests and the expiry benchmark. Each is ready once it logs "workers started"; its output is kept for diagnosis.
 * Nothing here depends on vitest, so bench/ uses it too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

export class WorkerFleet {
  private constructor(
    readonly processes: ChildProcess[],
    private readonly output: string[][],
  ) {}

  static async start(options: WorkerFleetOptions): Promise<WorkerFleet> {
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
    const output: string[][] = [];
    const processes = Array.from({ length: options.count }, (_, i) => {
      const args = options.args ?? ['bin/grantdesk.js', 'worker'];
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'pipe' });
      output[i] = [];
      const keep = (chunk: Buffer) => {
        const lines = output[i] as string[];
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        if (lines.length > 200) lines.splice(0, lines.length - 200);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      return child;
    });
    const fleet = new WorkerFleet(processes, output);
    try {
      await Promise.all(processes.map((_, i) => fleet.ready(i, options.readyTimeoutMs ?? FLEET_START_CEILING_MS)));
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
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
