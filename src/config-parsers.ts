import { statSync } from 'node:fs';
/**
 * The value kinds Grantdesk's environment variables come in, as zod schemas over the (trimmed, non-empty) text of
 * one variable. `src/config.ts` says which variable is which kind; this file only knows how to read each kind.
 */
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import type { BusinessHours } from './domain/business-hours.ts';
import { parseDuration } from './domain/duration.ts';

/** pino's level names, quietest last. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The off-hours anomaly rule owns the shape; this file only reads it from BUSINESS_HOURS. */
export type { BusinessHours } from './domain/business-hours.ts';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const BUSINESS_HOURS_PATTERN = /^(\S+)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** Reads `Mon-Fri 08:00-19:00`, `Sun-Thu 09:00-17:00`, `Mon,Wed,Fri 10:00-16:00`; undefined when malformed. */
export function parseBusinessHours(text: string): BusinessHours | undefined {
  const match = BUSINESS_HOURS_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, dayText = '', startHour, startMin, endHour, endMin] = match;
  const days = new Set<number>();
  for (const part of dayText.toLowerCase().split(',')) {
    const [from, to = from, extra] = part.split('-').map((name) => DAY_NAMES.indexOf(name));
    if (from === undefined || to === undefined || from < 0 || to < 0 || extra !== undefined) return undefined;
    // A range may wrap past Saturday (`Fri-Mon`), as a week does.
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  const startMinute = toMinute(startHour, startMin);
  const endMinute = toMinute(endHour, endMin);
  if (startMinute === undefined || endMinute === undefined || startMinute >= endMinute) return undefined;
  return { days: [...days].sort((a, b) => a - b), startMinute, endMinute };
}

function toMinute(hours = '', minutes = ''): number | undefined {
  const value = Number(hours) * 60 + Number(minutes);
  // 24:00 is allowed as an end of day; 23:60 and 25:00 are not.
  return Number(minutes) < 60 && value <= 24 * 60 ? value : undefined;
}

/** Turns a `parse(text) → value | undefined` function into a schema. */
function parsedBy<T>(parse: (text: string) => T | undefined): z.ZodType<T, string> {
  return z.string().transform((text, ctx) => {
    const value = parse(text);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'unreadable' });
      return z.NEVER;
    }
    return value;
  });
}

export const durationMs = parsedBy(parseDuration);

export const businessHours = parsedBy(parseBusinessHours);

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): z.ZodType<number, string> {
  return z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
}

/** true/false, 1/0, yes/no, any case. */
export const boolean = z.stringbool({ truthy: ['true', '1', 'yes'], falsy: ['false', '0', 'no'] });

export const logLevel = z.enum(LOG_LEVELS);

/** An absolute URL whose scheme is one of `protocols` (without the colon). */
export function url(protocols: readonly string[]): z.ZodType<string, string> {
  return z.string().refine((text) => URL.canParse(text) && protocols.includes(new URL(text).protocol.slice(0, -1)));
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * https, or plain http for a server on this machine (the e2e fakes, the demo, a local Jira): Grantdesk sends its
 * Slack token and Jira credentials to these URLs, which must never cross a network in clear text.
 */
const httpsOrLoopback = url(['http', 'https']).refine((text) => {
  if (!URL.canParse(text)) return false;
  const { protocol, hostname } = new URL(text);
  return protocol === 'https:' || LOOPBACK_HOSTS.has(hostname);
});

/** No trailing slash. */
export const jiraBaseUrl = httpsOrLoopback.transform((text) => text.replace(/\/+$/, ''));

/** Always ends with `/`, so `new URL('chat.postMessage', apiUrl)` keeps the `/api/` path. */
export const slackApiUrl = httpsOrLoopback.transform((text) => (text.endsWith('/') ? text : `${text}/`));

/** Five fields (minute first) or six (second first), as node-cron reads them. */
export const cron = z.string().refine((text) => [5, 6].includes(text.split(/\s+/).length) && isValidCron(text));

/** An IANA zone such as `Europe/Paris`, returned in its canonical spelling (`utc` → `UTC`). */
export const timezone = parsedBy((text) => {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
});

/** Comma-separated, trimmed, empty items dropped; every item must match `itemPattern`. */
export function list(itemPattern: RegExp): z.ZodType<readonly string[], string> {
  return z.string().transform((text, ctx) => {
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (!items.every((item) => itemPattern.test(item))) ctx.addIssue({ code: 'custom', message: 'bad item' });
    return items;
  });
}

/** Jira project keys, upper-cased; `any` (the default) becomes the empty list, meaning every project. */
export const jiraProjects = z
  .string()
  .transform((text) => (text.toLowerCase() === 'any' ? '' : text.toUpperCase()))
  .pipe(list(/^[A-Z][A-Z0-9_]+$/));

/** Slack ids are upper-case letters and digits after a one-letter kind: U/W users, C/G channels, S usergroups. */
export const slackId = (kinds: string) => z.string().regex(new RegExp(`^[${kinds}][A-Z0-9]+$`));

/** Any non-empty text after an optional known prefix: tokens and secrets, whose shape we do not check further. */
export function opaque(prefix = ''): z.ZodType<string, string> {
  return z.string().refine((text) => text.startsWith(prefix) && text.length > prefix.length);
}

/** A shared secret long enough not to be guessed. */
export function secretOfAtLeast(characters: number): z.ZodType<string, string> {
  return z.string().refine((text) => text.length >= characters);
}
/** An existing folder (POLICY_DIR): checked at start so a typo fails there, not at the first request. */
export const directory = z.string().refine((path) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
});

/** Letters, digits and `_.:-`: it becomes part of every Redis key (and table name on the Postgres backend). */
export const queuePrefix = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
