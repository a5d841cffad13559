/**
 * Reads the text after `/grant` (DESIGN.md §3). Pure: the listener acts on what this returns. Anything it cannot
 * read comes back as `invalid` with a sentence saying what to type instead.
 */
import { isDurationToken, parseDuration } from '../domain/duration.ts';
import { isTicketKey, parseTicketKey } from '../domain/ticket-key.ts';

export type GrantCommand =
  | { kind: 'open-modal' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'stats' }
  | { kind: 'end' | 'cancel'; grant: string }
  | { kind: 'revoke'; grant: string; reason: string }
  | { kind: 'extend'; grant: string; durationMs: number; reason: string }
  | { kind: 'audit'; tenant: string | null; since: Date | null }
  | ({ kind: 'request' } & InlineRequest)
  /** `/grant emergency …`: break-glass (DESIGN.md §7), the same fields as a request, the duration required. */
  | ({ kind: 'emergency' } & InlineRequest & { durationMs: number })
  | { kind: 'invalid'; message: string };

export interface InlineRequest {
  tenant: string;
  targetUser: string | null;
  ticketKey: string;
  durationMs: number | null;
  reason: string;
  /** Present only for `--write`; absent means read access. */
  accessLevel?: 'write';
}

const invalid = (message: string): GrantCommand => ({ kind: 'invalid', message });
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const BARE_NUMBER = /^\d+$/;

export function parseGrantCommand(text: string): GrantCommand {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = tokens;
  if (!first) return { kind: 'open-modal' };
  switch (first.toLowerCase()) {
    case 'help':
      return { kind: 'help' };
    case 'list':
      return { kind: 'list' };
    case 'stats':
      return { kind: 'stats' };
    case 'end':
    case 'cancel': {
      const kind = first.toLowerCase() as 'end' | 'cancel';
      return rest[0]
        ? { kind, grant: rest[0] }
        : invalid(`Say which grant: /grant ${kind} <id> (/grant list shows yours).`);
    }
    case 'revoke': {
      const [grant, ...reason] = rest;
      if (!grant || reason.length === 0) return invalid('Say which grant and why: /grant revoke <id> <reason>.');
      return { kind: 'revoke', grant, reason: reason.join(' ') };
    }
    case 'extend': {
      const [grant, duration, ...reason] = rest;
      const durationMs = duration ? parseDuration(duration) : undefined;
      if (!grant || !durationMs || reason.length === 0) {
        return invalid('Say which grant, how much longer and why: /grant extend <id> <duration like 30m> <reason>.');
      }
      return { kind: 'extend', grant, durationMs, reason: reason.join(' ') };
    }
    case 'audit':
      return parseAudit(rest);
    case 'emergency':
      return parseEmergency(rest);
    default:
      return parseRequest(tokens);
  }
}

function parseAudit(args: string[]): GrantCommand {
  let tenant: string | null = null;
  let since: Date | null = null;
  for (const arg of args) {
    if (DATE_PATTERN.test(arg)) {
      const date = new Date(`${arg}T00:00:00Z`);
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== arg) {
        return invalid(`${arg} is not a date: use YYYY-MM-DD, e.g. /grant audit acme 2026-01-31.`);
      }
      since = date;
    } else if (tenant === null) {
      tenant = arg;
    } else {
      return invalid('Usage: /grant audit [<tenant>] [<since YYYY-MM-DD>].');
    }
  }
  return { kind: 'audit', tenant, since };
}

const EMERGENCY_USAGE = 'Usage: /grant emergency <tenant>[:<user>] <TICKET-KEY> <duration> <reason>.';

/** `/grant emergency …`: read as a request, and refused without a duration: break-glass never assumes one. */
function parseEmergency(tokens: string[]): GrantCommand {
  const parsed = parseRequest(tokens, EMERGENCY_USAGE);
  if (parsed.kind !== 'request') return parsed;
  if (parsed.durationMs === null) return invalid(`Say for how long, like 30m. ${EMERGENCY_USAGE}`);
  return { ...parsed, kind: 'emergency', durationMs: parsed.durationMs };
}

/**
 * `/grant <tenant>[:<target-user>] <TICKET-KEY> <duration> [--write] <reason…>`: the ticket is the first token shaped
 * like a Jira key, the duration the first shaped like a duration, `--write` (anywhere) asks for write access, the
 * tenant is the first other token, the rest the reason.
 */
function parseRequest(
  tokens: string[],
  usage = 'Usage: /grant <tenant>[:<user>] <TICKET-KEY> [duration] <reason>, or /grant alone for a form.',
): GrantCommand {
  const write = tokens.some((token) => token.toLowerCase() === '--write');
  tokens = tokens.filter((token) => token.toLowerCase() !== '--write');
  let ticketKey: string | undefined;
  let durationMs: number | null = null;
  let tenantToken: string | undefined;
  const reason: string[] = [];
  for (const token of tokens) {
    if (!ticketKey && isTicketKey(token)) ticketKey = parseTicketKey(token);
    else if (durationMs === null && isDurationToken(token)) {
      const ms = parseDuration(token);
      if (!ms) return invalid(`${token} is not a duration: use one like 15m, 1h or 1h30m.`);
      durationMs = ms;
    } else if (durationMs === null && reason.length === 0 && tenantToken && BARE_NUMBER.test(token)) {
      // Where the duration goes, a number without a unit is a duration typed short, not the start of the reason.
      return invalid(`${token} needs a unit: ${token}m or ${token}h?`);
    } else if (!tenantToken) tenantToken = token;
    else reason.push(token);
  }
  if (!tenantToken) return invalid(`Say which tenant. ${usage}`);
  if (!ticketKey) return invalid(`Give the Jira ticket for this work, like OPS-123. ${usage}`);
  if (reason.length === 0) return invalid(`Say why you need access. ${usage}`);
  const [tenant, ...target] = tenantToken.split(':');
  return {
    kind: 'request',
    tenant: tenant ?? '',
    targetUser: target.length ? target.join(':') : null,
    ticketKey,
    durationMs,
    reason: reason.join(' '),
    ...(write && { accessLevel: 'write' as const }),
  };
}
