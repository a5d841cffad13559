/**
 * Node processes a benchmark runs beside itself (`grantdesk serve`, a bare app), started from the repository root
 * and stopped as an operator stops them (SIGTERM, then SIGKILL after 15 s).
 */
import { type ChildProcess, spawn } from 'node:child_process';

const START_TIMEOUT_MS = 60_000;
const ROOT = new URL('../', import.meta.url);

/** Spawns `node <args>` from the repository root and resolves once it prints `readyLine`; its stdout goes to `read`. */
export async function startProcess(
  args: string[],
  readyLine: string,
  read: (chunk: Buffer) => void,
  env: Record<string, string>,
): Promise<ChildProcess> {
  // BENCH_PROF=<dir> writes a V8 CPU profile of each child there, to see where a slow ack spends its time.
  const profile = process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : [];
  const child = spawn(process.execPath, [...profile, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: 'pipe',
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${args.join(' ')} not ready:\n${output.join('')}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes(readyLine)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output.join('')}`)));
  });
  // Keep reading, or a chatty child blocks on a full pipe.
  child.stdout?.on('data', read);
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Runs `node <args>` from the repository root to its end; resolves with its stdout, rejects naming its stderr. */
export function runProcess(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: 'pipe',
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString());
      else reject(new Error(`${args.join(' ')} exited with ${code}:\n${Buffer.concat(stderr).toString()}`));
    });
  });
}
