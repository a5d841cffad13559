/** A day (`2026-01-31`, midnight UTC) or an ISO 8601 date-time with `Z` or an offset (`2026-01-31T08:00:00+01:00`). */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Reads a moment given by an API client or an operator. A date-time without an offset is refused rather than read
 * in the server's time zone, so the same text means the same moment wherever Grantdesk runs.
 */
export function parseInstant(text: string): Date | undefined {
  const trimmed = text.trim();
  if (!INSTANT_PATTERN.test(trimmed)) return undefined;
  // JavaScript rolls 2026-02-30 over to March 2; a day the calendar does not have is refused instead.
  const [year, month, day] = trimmed.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  const at = new Date(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export const INSTANT_FORMAT = 'a day like 2026-01-31 or an ISO 8601 date-time with Z or an offset';
