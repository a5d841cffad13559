import { once } from 'node:events';
import { EXPORT_FORMATS, type ExportFormat } from '../app/export-audit.ts';
import type { Config } from '../config.ts';
import { INSTANT_FORMAT, parseInstant } from '../domain/instant.ts';
import type { CommandContext } from './command-context.ts';
import { UsageError } from './usage-error.ts';
import { withOperatorServices } from './with-operator-services.ts';

/** Writes a chunk, and waits for the stream to drain when its buffer is full. */
async function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

function instantFlag(flags: CommandContext['flags'], name: 'start' | 'end'): Date {
  const text = flags[name];
  const at = typeof text === 'string' ? parseInstant(text) : undefined;
  if (!at) throw new UsageError(`--${name}: expected ${INSTANT_FORMAT}${text ? `, got "${text}"` : ''}`);
  return at;
}

/**
 * `audit export --start --end [--format csv|jsonl] [--tenant T]`: events that occurred in [start, end) to stdout,
 * streamed a batch at a time through the same function as GET /api/v1/audit/export. The data goes to stdout as a
 * stream, waiting whenever the reader falls behind (a pipe to a slow reader would otherwise buffer the whole export
 * in memory); `out` is for messages.
 */
export function exportCommand(
  { flags }: CommandContext,
  config: Config,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const start = instantFlag(flags, 'start');
  const end = instantFlag(flags, 'end');
  if (end.getTime() <= start.getTime()) throw new UsageError('--end: must be after --start');
  const format = (flags.format ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format: expected csv or jsonl, got "${flags.format}"`);
  const tenant = typeof flags.tenant === 'string' ? flags.tenant : null;
  return withOperatorServices(config, 'audit export', async (services) => {
    const filter = { start, end, tenant };
    for await (const chunk of services.exportAudit({ filter, format })) await write(stdout, chunk);
    // The CLI exits as soon as the command returns: wait until everything written has been handed to the reader.
    await new Promise<void>((resolve) => stdout.write('', () => resolve()));
    return 0;
  });
}
