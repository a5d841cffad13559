/**
 * The `grantdesk` command. Parses arguments, loads configuration, and hands over to one command; prints usage and
 * exits 2 on misuse, prints one clear line and exits 1 when the command fails.
 */
import { parseArgs } from 'node:util';
import type { CommandContext } from './commands/command-context.ts';
import { UsageError } from './commands/usage-error.ts';
import { ConfigError, loadConfig, loadDotenv } from './config.ts';
import { isGrantdeskError } from './domain/errors.ts';

export const USAGE = `Usage: grantdesk <command> [options]

Commands:
  serve                         Slack, REST API, workers and schedules in one process
  worker                        workers and schedules only (scale out beside serve)
  migrate [--down]              apply pending database migrations (--down reverts the last one)
  token create --name N --scopes a,b [--tenant T] [--expires 90d]
                                create an API token (printed once, on the last line)
  token list                    list live tokens (--all includes revoked ones)
  token revoke <id|name>        revoke a token
  audit verify [--since SEQ]    recompute the audit hash chain; exit 1 naming the first broken seq
  audit head                    print the seq and hash of the chain head
  audit export --start T --end T [--format csv|jsonl] [--tenant T]
                                stream events that occurred in [start, end) to stdout
  retention set <tenant> <days> keep a tenant's audit events <days> days (at least 365)
  retention list                the default retention and every tenant's policy
  retention purge               delete events past retention now (the daily schedule does this)
  digest run [--week YYYY-Www] [--force]
                                post a week's compliance digest (default: the last complete week) once;
                                --force posts it again
  demo [--fresh] [--seed]       try Grantdesk in a local Slack sandbox, on an embedded database (docs/demo.md);
                                --fresh starts from an empty database, --seed plays last week through it

Scopes: admin, audit:read, audit:write, sessions:write.
Configuration comes from the environment (and .env); see docs/configuration.md.`;

type Command = (context: CommandContext, config: ReturnType<typeof loadConfig>) => Promise<number>;

/**
 * Each command is loaded when it runs: a one-shot command such as `audit export` then carries none of what `serve`
 * needs (Bolt, BullMQ, the demo), which keeps its memory small.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => {
    const { serveCommand } = await import('./commands/serve-command.ts');
    return (context, config) => serveCommand(context, config, { http: true, workers: true });
  },
  worker: async () => {
    const { serveCommand } = await import('./commands/serve-command.ts');
    return (context, config) => serveCommand(context, config, { http: false, workers: true });
  },
  migrate: async () => (await import('./commands/migrate-command.ts')).migrateCommand,
  token: async () => (await import('./commands/token-command.ts')).tokenCommand,
  audit: async () => (await import('./commands/audit-command.ts')).auditCommand,
  retention: async () => (await import('./commands/retention-command.ts')).retentionCommand,
  digest: async () => (await import('./commands/digest-command.ts')).digestCommand,
  demo: async () => (await import('./commands/demo-command.ts')).demoCommand,
};

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        down: { type: 'boolean' },
        all: { type: 'boolean' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        tenant: { type: 'string' },
        expires: { type: 'string' },
        since: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        format: { type: 'string' },
        fresh: { type: 'boolean' },
        seed: { type: 'boolean' },
        week: { type: 'string' },
        force: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...args] = parsed.positionals;
  const run = command ? COMMANDS[command] : undefined;
  if (parsed.values.help || !run) {
    if (parsed.values.help && !command) {
      out(USAGE);
      return 0;
    }
    console.error(command ? `Unknown command: ${command}\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    loadDotenv();
    const config = loadConfig();
    return await (await run())({ args, flags: parsed.values as CommandContext['flags'], out }, config);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError || isGrantdeskError(error)) {
      console.error(error.message);
      return 1;
    }
    console.error(`grantdesk ${command}: ${(error as Error).message}`);
    return 1;
  }
}

const isEntryPoint = process.argv[1]?.endsWith('grantdesk.js') || process.argv[1]?.endsWith('cli.ts');
if (isEntryPoint) {
  const code = await runCli(process.argv.slice(2));
  // serve and worker keep running until a signal; every other command exits with its code.
  if (code !== -1) process.exit(code);
}
