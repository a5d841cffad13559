/**
 * The `grantdesk` command. Parses arguments, loads configuration, and hands over to one command; prints usage and
 * exits 2 on misuse, prints one clear line and exits 1 when the command fails.
 */
import type { CommandContext } from './commands/command-context.ts';
import { type CommandLine, parseCommandLine } from './commands/parse-command-line.ts';
import { UsageError } from './commands/usage-error.ts';
import { ConfigError, type ConfigRequirement, loadConfig } from './config.ts';
import { isGrantdeskError } from './domain/errors.ts';
import { loadDotenv, projectDotenvPath } from './load-dotenv.ts';

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
  policy check [--dir D]        validate POLICY_DIR (or D) against its schema; exit 1 naming file, line and problem
  policy explain --requester U… --tenant T --duration 2h [--access write] [--groups S1,S2] [--assignee]
                 [--action break_glass]
                                the decision such a request gets (with --action break_glass: such a
                                /grant emergency) and the policies behind it (docs/policy.md)
  demo [--fresh] [--seed]       try Grantdesk in a local Slack sandbox, on an embedded database (docs/demo.md);
                                --fresh starts from an empty database, --seed plays last week through it

Scopes: admin, audit:read, audit:write, sessions:write.
Configuration comes from the environment (and the .env of the project in the working directory); see
docs/configuration.md.`;

type Command = (context: CommandContext, config: ReturnType<typeof loadConfig>) => Promise<number>;

interface CommandEntry {
  readonly load: () => Promise<Command>;
  /** Checked with every other setting before the command loads, so one run names every missing variable. */
  readonly requires?: (args: string[]) => ConfigRequirement | undefined;
}

/** Named as the command's own messages name it: `token create`, `audit verify`. */
const database =
  (command: string) =>
  ([action]: string[]): ConfigRequirement => ({
    needs: 'database',
    command: action ? `${command} ${action}` : command,
  });

/**
 * Each command is loaded when it runs: a one-shot command such as `audit export` then carries none of what `serve`
 * needs (Bolt, BullMQ, the demo), which keeps its memory small.
 */
const COMMANDS: Record<string, CommandEntry> = {
  serve: {
    load: async () => {
      const { serveCommand } = await import('./commands/serve-command.ts');
      return (context, config) => serveCommand(context, config, { http: true, workers: true });
    },
    requires: () => ({ needs: 'serve', command: 'serve' }),
  },
  worker: {
    load: async () => {
      const { serveCommand } = await import('./commands/serve-command.ts');
      return (context, config) => serveCommand(context, config, { http: false, workers: true });
    },
    requires: () => ({ needs: 'worker', command: 'worker' }),
  },
  migrate: {
    load: async () => (await import('./commands/migrate-command.ts')).migrateCommand,
    requires: database('migrate'),
  },
  token: { load: async () => (await import('./commands/token-command.ts')).tokenCommand, requires: database('token') },
  audit: { load: async () => (await import('./commands/audit-command.ts')).auditCommand, requires: database('audit') },
  retention: {
    load: async () => (await import('./commands/retention-command.ts')).retentionCommand,
    requires: database('retention'),
  },
  digest: {
    load: async () => (await import('./commands/digest-command.ts')).digestCommand,
    // Only `digest run` is a command; anything else is misuse, which the command itself explains.
    requires: ([action]) => (action === 'run' ? { needs: 'digest', command: 'digest run' } : undefined),
  },
  // Reads POLICY_DIR (or --dir) only: no database.
  policy: { load: async () => (await import('./commands/policy-command.ts')).policyCommand },
  demo: { load: async () => (await import('./commands/demo-command.ts')).demoCommand },
};

/** Where a command line reads its settings and writes its lines: this process's, unless a caller gives others. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Where the project's .env is looked for. */
  readonly cwd: string;
}

const processIo = (): CliIo => ({
  out: (line) => console.log(line),
  err: (text) => console.error(text),
  env: process.env,
  cwd: process.cwd(),
});

export async function runCli(argv: string[], given: Partial<CliIo> = {}): Promise<number> {
  const { out, err, env, cwd } = { ...processIo(), ...given };
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const { positionals, flags } = commandLine;
  const [command, ...args] = positionals;
  if (flags.help) {
    out(USAGE);
    return 0;
  }
  const entry = command ? COMMANDS[command] : undefined;
  if (!command || !entry) {
    err(command ? `Unknown command: ${command}\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    const dotenvPath = projectDotenvPath(cwd);
    if (dotenvPath) loadDotenv(dotenvPath, env);
    const config = loadConfig(env, entry.requires?.(args));
    return await (await entry.load())({ args, flags, out }, config);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError || isGrantdeskError(error)) {
      err(error.message);
      return 1;
    }
    err(`grantdesk ${command}: ${(error as Error).message}`);
    return 1;
  }
}

/**
 * Runs the command line of this process. bin/grantdesk.js calls it however it was reached (a path, an npm bin link,
 * npx, a global install): guessing the entry point from argv[1] fails for links, which carry their own name.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const code = await runCli(argv);
  // serve and worker keep running until a signal; every other command exits with its code.
  if (code !== -1) process.exit(code);
}
