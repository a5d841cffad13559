import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli.ts';

/** Each spawned `grantdesk` loads the whole app; on a busy two-core machine that takes seconds: a test of a few gets this. */
export const CLI_TIMEOUT_MS = 120_000;

export const GRANTDESK_BIN = fileURLToPath(new URL('../../bin/grantdesk.js', import.meta.url));

/** Runs `grantdesk …` as an operator would, in a clean environment plus `env`. */
export function runGrantdesk(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GRANTDESK_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
      cwd: '/tmp',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `grantdesk …` through the CLI's own entry function in this process, with `env` as its whole environment:
 * the same parsing, configuration and command as a launched `grantdesk`, without the seconds a new process spends
 * loading the app. For what a command does and prints; launching, exit codes of the process and signals are
 * tested through runGrantdesk.
 */
export async function runGrantdeskHere(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    out: (line) => stdout.push(`${line}\n`),
    err: (text) => stderr.push(`${text}\n`),
    env: { LOG_LEVEL: 'warn', ...env },
    cwd: '/',
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
