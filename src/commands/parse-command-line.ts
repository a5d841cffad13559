import { parseArgs } from 'node:util';
import type { CommandContext } from './command-context.ts';
import { UsageError } from './usage-error.ts';

/** Every flag any command takes; a flag a command does not use is ignored by it, one nobody takes is refused. */
const OPTIONS = {
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
  dir: { type: 'string' },
  requester: { type: 'string' },
  duration: { type: 'string' },
  access: { type: 'string' },
  action: { type: 'string' },
  groups: { type: 'string' },
  assignee: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

export interface CommandLine {
  readonly positionals: string[];
  readonly flags: CommandContext['flags'];
}

/**
 * Reads `grantdesk …`'s arguments. Node's strict parser answers misuse with its own wording (`Unknown option
 * '--bogus'. To specify a positional argument…`); this reads leniently and says itself what was wrong, as a
 * UsageError the CLI prints with the usage.
 */
export function parseCommandLine(argv: string[]): CommandLine {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: OPTIONS,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[token.name as OptionName] : undefined;
    if (!option) throw new UsageError(`Unknown option: ${token.rawName}`);
    if (option.type === 'string' && token.value === undefined) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
    if (option.type === 'boolean' && token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
  }
  return { positionals, flags: values };
}
