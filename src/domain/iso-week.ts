/**
 * ISO 8601 weeks (`2026-W43`: Monday to Sunday, week 1 holds the year's first Thursday) read in a time zone, so a
 * week starts at local Monday midnight and is 167 or 169 hours long across a daylight-saving change.
 */
import { addDays, formatLocalDate, type LocalDateTime, zonedInstant, zonedParts } from './zoned-time.ts';

export interface IsoWeek {
  /** The ISO week-numbering year: 2026-12-31 may belong to 2027-W53 or 2027-W01. */
  year: number;
  week: number;
}

const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Reads `2026-W43`; undefined for anything else, including a week 53 in a year that has 52. */
export function parseIsoWeek(text: string): IsoWeek | undefined {
  const match = ISO_WEEK_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const week = Number(match[2]);
  return week >= 1 && week <= weeksInYear(year) ? { year, week } : undefined;
}

/** ISO weekday: Monday 1 … Sunday 7. */
function isoWeekday(date: LocalDateTime): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
}

/** The ISO week a calendar day belongs to. */
export function isoWeekOfDate(date: LocalDateTime): IsoWeek {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const dayOfYear = (Date.UTC(thursday.year, thursday.month - 1, thursday.day) - Date.UTC(thursday.year, 0, 1)) / 864e5;
  return { year: thursday.year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** 52 or 53: December 28 is always in the year's last week. */
export function weeksInYear(year: number): number {
  return isoWeekOfDate({ year, month: 12, day: 28 }).week;
}

/** The ISO week that `at` falls in, read on the wall clock of `timeZone`. */
export function isoWeekOf(at: Date, timeZone: string): IsoWeek {
  return isoWeekOfDate(zonedParts(at, timeZone));
}

/** The week's Monday, as a calendar day. */
export function mondayOf({ year, week }: IsoWeek): LocalDateTime {
  const january4 = { year, month: 1, day: 4 };
  return addDays(january4, 1 - isoWeekday(january4) + (week - 1) * 7);
}

/** The seven calendar days of the week, `2026-10-19` … `2026-10-25`. */
export function daysOf(week: IsoWeek): string[] {
  const monday = mondayOf(week);
  return Array.from({ length: 7 }, (_, i) => formatLocalDate(addDays(monday, i)));
}

export function addWeeks(week: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOfDate(addDays(mondayOf(week), weeks * 7));
}

/** [start, end): from local Monday 00:00 to the next local Monday 00:00, as instants. */
export function isoWeekRange(week: IsoWeek, timeZone: string): { start: Date; end: Date } {
  const monday = mondayOf(week);
  return { start: zonedInstant(monday, timeZone), end: zonedInstant(addDays(monday, 7), timeZone) };
}

/**
 * The week a digest fired at `firedAt` reports on: the last complete week, i.e. the one before the week `firedAt`
 * falls in. Every replica firing for the same schedule computes the same week, which is what the run record keys on.
 */
export function weekToReport(firedAt: Date, timeZone: string): IsoWeek {
  return addWeeks(isoWeekOf(firedAt, timeZone), -1);
}
