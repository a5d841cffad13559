/** The periods findings are keyed by, read on DIGEST_TIMEZONE's wall clock. */
import { formatIsoWeek, isoWeekOf } from '../iso-week.ts';
import { zonedDate } from '../zoned-time.ts';

/** `2026-10-24`: for rules about one event or a day's burst. */
export const dayPeriod = (at: Date | number, timeZone: string): string => zonedDate(at, timeZone);

/** `2026-W43`: for rules over a window of days, so a lasting pattern is reported once a week, not every hour. */
export const weekPeriod = (at: Date | number, timeZone: string): string =>
  formatIsoWeek(isoWeekOf(new Date(at), timeZone));
