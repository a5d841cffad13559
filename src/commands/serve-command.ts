import type { Config } from '../config.ts';
import { assertRequirement } from '../config-assertions.ts';
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
  assertRequirement(config, mode.http ? { needs: 'serve', command: 'serve' } : { needs: 'worker', command: 'worker' });
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
  // SIGHUP reloads POLICY_DIR; a set with problems is refused (logged, and told to the compliance channel).
  process.on('SIGHUP', () => {
    running
      .reloadPolicy()
      .then(({ outcome }) => logger.info({ outcome, hash: running.accessPolicy.hash }, 'access policy reload'))
      .catch((error) => logger.error({ error }, 'access policy reload failed'));
  });
  return -1;
}
