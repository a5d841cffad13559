import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import { type RunningDemo, startDemo } from '../demo/start-demo.ts';
import type { CommandContext } from './command-context.ts';

/** Where the demo keeps its database between runs, relative to the working directory (git-ignored). */
export const DEMO_DIRECTORY = '.grantdesk/demo';

/**
 * `grantdesk demo [--fresh] [--seed]`: the whole product on this machine (docs/demo.md). Prints the sandbox's URL
 * and runs until SIGINT or SIGTERM, then stops Grantdesk, the sandbox, the demo Jira and Postgres, in that order.
 * Returns -1: the process stays up, the CLI does not exit.
 */
export async function demoCommand({ flags, out }: CommandContext, config: Config): Promise<number> {
  const startedAt = Date.now();
  let demo: RunningDemo | undefined;
  let stopping = false;
  const stop = async () => {
    out('Stopping the demo…');
    await demo?.close();
    out('Stopped.');
    process.exit(0);
  };
  // Registered before anything starts: Postgres runs in a process group of its own and must be stopped by us.
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    if (demo) void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  demo = await startDemo({
    directory: resolve(DEMO_DIRECTORY),
    fresh: Boolean(flags.fresh),
    seed: Boolean(flags.seed),
    redisUrl: config.queue.redisUrl,
    port: config.demoPort,
    minDurationMs: config.grants.minDurationMs,
    // The demo keeps Grantdesk's JSON logs to warnings unless LOG_LEVEL asks for something other than the default.
    logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
    say: out,
  });
  if (stopping) {
    await stop();
    return -1;
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const elsewhere = demo.busyPort ? ` (port ${demo.busyPort} is in use; DEMO_PORT chooses another)` : '';
  out(`Grantdesk demo is up (${seconds} s). Open the Slack sandbox: ${demo.url}${elsewhere}`);
  out('Press Ctrl-C to stop.');
  return -1;
}
