/**
 * Wall-clock time in an IANA time zone (DIGEST_TIMEZONE), from Intl alone, so business hours, local days and ISO
 * weeks are right on both sides of a daylight-saving change. No clock is read here: instants come in as arguments.
 */

export interface ZonedParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday, as BusinessHours counts days. */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

/** A calendar day and an optional time of day, read as wall-clock time in some zone. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
}

/**
 * Offsets are looked up once per 15-minute slice of UTC time and cached: time-zone changes fall on whole quarter
 * hours of UTC in the tz database since 1970, so one slice never holds two offsets. Intl's formatToParts costs a few
 * microseconds, which over 100,000 sessions would dominate the digest.
 */
const SLICE_MS = 15 * 60_000;
/** Enough slices for several years of one zone; a zone's cache is dropped when it grows past this. */
const CACHE_MAX = 200_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: slice number → offset. Numeric keys, so a lookup costs no string building. */
const offsets = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds (Paris in winter: 3,600,000). */
export function offsetMs(at: Date | number, timeZone: string): number {
  const time = typeof at === 'number' ? at : at.getTime();
  const slice = Math.floor(time / SLICE_MS);
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const cached = zone.get(slice);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(slice * SLICE_MS)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = wall - slice * SLICE_MS;
  if (zone.size >= CACHE_MAX) zone.clear();
  zone.set(slice, offset);
  return offset;
}

/** The wall-clock reading of `at` in `timeZone`. */
export function zonedParts(at: Date | number, timeZone: string): ZonedParts {
  const time = typeof at === 'number' ? at : at.getTime();
  const wall = new Date(time + offsetMs(time, timeZone));
  const hour = wall.getUTCHours();
  const minute = wall.getUTCMinutes();
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour,
    minute,
    weekday: wall.getUTCDay(),
    minuteOfDay: hour * 60 + minute,
  };
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the zone's clock reads `local`. The offsets a day before and a day after are the only two
 * candidates (zones change at most once a day). A time repeated by an autumn change resolves to its first
 * occurrence; a time skipped by a spring change is moved forward by the gap (02:30 → 03:30), as calendars do.
 */
export function zonedInstant(local: LocalDateTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  const before = wall - offsetMs(wall - DAY_MS, timeZone);
  const after = wall - offsetMs(wall + DAY_MS, timeZone);
  const reads = (at: number) => at + offsetMs(at, timeZone) === wall;
  const valid = [before, after].filter(reads);
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `2026-10-25`: the local calendar day of `at`. */
export function zonedDate(at: Date | number, timeZone: string): string {
  const { year, month, day } = zonedParts(at, timeZone);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** `2026-10`: the local calendar month of `at`. */
export function zonedMonth(at: Date | number, timeZone: string): string {
  const { year, month } = zonedParts(at, timeZone);
  return `${year}-${pad(month)}`;
}

/** Calendar arithmetic on a local date (no zone involved): `2026-10-25` plus 1 day is `2026-10-26`. */
export function addDays(date: LocalDateTime, days: number): LocalDateTime {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

export function formatLocalDate(date: LocalDateTime): string {
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
