import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { config as readDotenvFile } from 'dotenv';

/**
 * The `.env` of the project the command runs in: in the nearest directory, from `cwd` up, that holds a
 * package.json. Outside any project there is none, so a `.env` lying in some other directory (a shared or
 * downloaded folder) can never point Grantdesk at another database or Slack.
 */
export function projectDotenvPath(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, '.env');
    if (dirname(dir) === dir) return undefined;
  }
}

/** Copies `.env` (when present) into `target`; variables already set win, so the real environment overrides it. */
export function loadDotenv(path = '.env', target: NodeJS.ProcessEnv = process.env): void {
  const { error } = readDotenvFile({ path, quiet: true, override: false, processEnv: target });
  if (error && error.code !== 'ENOENT') throw error;
}
