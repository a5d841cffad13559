/**
 * The `grantdesk` command. Parses arguments, loads configuration, and hands over to one command; prints usage and
 * exits 2 on misuse, prints one clear line and exits 1 when the command fails.
 */
import { parseArgs } from 'node:util';
import { auditCommand } from './commands/audit-command.ts';
import type { CommandContext } from './commands/command-context.ts';
import { migrateCommand } from './commands/migrate-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { tokenCommand } from './commands/token-command.ts';
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

Scopes: admin, audit:read, audit:write, sessions:write.
Configuration comes from the environment (and .env); see docs/configuration.md.`;

const COMMANDS: Record<string, (context: CommandContext, config: ReturnType<typeof loadConfig>) => Promise<number>> = {
  serve: (context, config) => serveCommand(context, config, { http: true, workers: true }),
  worker: (context, config) => serveCommand(context, config, { http: false, workers: true }),
  migrate: migrateCommand,
  token: tokenCommand,
  audit: auditCommand,
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
    return await run({ args, flags: parsed.values as CommandContext['flags'], out }, config);
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
