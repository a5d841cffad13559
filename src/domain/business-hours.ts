import type { ZonedParts } from './zoned-time.ts';

/** When people are at work (BUSINESS_HOURS): `days` 0 = Sunday … 6 = Saturday, minutes since local midnight. */
export interface BusinessHours {
  readonly days: readonly number[];
  readonly startMinute: number;
  /** Exclusive: `08:00-19:00` ends at 1140, so 19:00 itself is off hours. */
  readonly endMinute: number;
}

/** Whether a wall-clock reading (in DIGEST_TIMEZONE) falls inside business hours. */
export function isWithinBusinessHours(
  local: Pick<ZonedParts, 'weekday' | 'minuteOfDay'>,
  hours: BusinessHours,
): boolean {
  return (
    hours.days.includes(local.weekday) && local.minuteOfDay >= hours.startMinute && local.minuteOfDay < hours.endMinute
  );
}
