/**
 * Grantdesk's log as the demo's terminal shows it: one plain line per entry ("warning: no approver card to reply
 * under (slack-notifier, grantId 390f3ce8…)") instead of pino's JSON, which is for log collectors, not for someone
 * trying the product. Nothing is dropped: the level still decides what is written, errors keep their message.
 */
import type { pino } from 'pino';

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};
/** pino's own fields, and the ones every line of the app has: not worth repeating in a terminal. */
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg', 'component', 'err', 'error']);

export function demoLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = LEVELS[Number(entry.level)] ?? 'log';
  const failure = (entry.err ?? entry.error) as { message?: unknown } | undefined;
  const details = [
    typeof entry.component === 'string' ? entry.component : undefined,
    ...Object.entries(entry)
      .filter(([name, value]) => !OMITTED.has(name) && value !== undefined && typeof value !== 'object')
      .map(([name, value]) => `${name} ${String(value)}`),
  ].filter(Boolean);
  const message = [entry.msg, failure?.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
  return `${level}: ${message || '(no message)'}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** A pino destination writing each entry as demoLogLine formats it. */
export function demoLogLines(say: (line: string) => void): pino.DestinationStream {
  return { write: (json: string) => say(demoLogLine(json)) };
}
