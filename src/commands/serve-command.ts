import { assertDatabaseConfig, assertServeConfig, type Config, ConfigError } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startGrantdesk } from '../main.ts';
import type { CommandContext } from './command-context.ts';

/**
 * Runs until SIGTERM or SIGINT, then closes everything (HTTP first, then workers, then the database) and exits 0.
 * Returns -1: the process stays up, the CLI does not exit.
 */
export async function serveCommand(
  _context: CommandContext,
  config: Config,
  mode: { http: boolean; workers: boolean },
): Promise<number> {
  if (mode.http) assertServeConfig(config);
  else assertWorkerConfig(config);
  const logger = createLogger(config.logLevel);
  const running = await startGrantdesk(config, logger, mode);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return -1;
}

/**
 * A worker talks to Postgres and the queue only: no Slack. Jira is optional (without it the worker leaves ticket
 * comments to a process that has it), but a JIRA_BASE_URL without credentials could only fail every comment.
 */
function assertWorkerConfig(config: Config): void {
  assertDatabaseConfig(config, 'worker');
  if (config.jira.baseUrl !== undefined && config.jira.auth === undefined) {
    throw new ConfigError([
      'JIRA_EMAIL: required for grantdesk worker with JIRA_BASE_URL and JIRA_API_TOKEN, unless JIRA_PAT is set',
    ]);
  }
}
