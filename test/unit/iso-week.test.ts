import { createTask } from 'node-cron';
import { describe, expect, it } from 'vitest';
import {
  addWeeks,
  daysOf,
  formatIsoWeek,
  isoWeekOf,
  isoWeekRange,
  parseIsoWeek,
  weekToReport,
} from '../../src/domain/iso-week.ts';
import { trendMonths } from '../../src/domain/weekly-digest.ts';
import { offsetMs, zonedDate, zonedInstant, zonedParts } from '../../src/domain/zoned-time.ts';

const PARIS = 'Europe/Paris';
const HOUR = 3_600_000;

describe('zoned time', () => {
  it('reads the wall clock on both sides of the late-October change in Paris', () => {
    expect(offsetMs(new Date('2026-10-25T00:59:59Z'), PARIS)).toBe(2 * HOUR);
    expect(offsetMs(new Date('2026-10-25T01:00:00Z'), PARIS)).toBe(HOUR);
    expect(zonedParts(new Date('2026-10-25T00:30:00Z'), PARIS)).toMatchObject({ hour: 2, minute: 30, weekday: 0 });
    expect(zonedParts(new Date('2026-10-25T01:30:00Z'), PARIS)).toMatchObject({ hour: 2, minute: 30, weekday: 0 });
  });

  it('finds the instant of a wall-clock time: first of a repeated one, after the gap for a skipped one', () => {
    expect(zonedInstant({ year: 2026, month: 10, day: 26 }, PARIS)).toEqual(new Date('2026-10-25T23:00:00Z'));
    expect(zonedInstant({ year: 2026, month: 10, day: 19 }, PARIS)).toEqual(new Date('2026-10-18T22:00:00Z'));
    expect(zonedInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, PARIS)).toEqual(
      new Date('2026-10-25T00:30:00Z'),
    );
    expect(zonedInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, PARIS)).toEqual(
      new Date('2026-03-29T01:30:00Z'),
    );
    expect(zonedInstant({ year: 2026, month: 7, day: 1, hour: 12 }, 'America/New_York')).toEqual(
      new Date('2026-07-01T16:00:00Z'),
    );
  });

  it('gives the local day, which is not the UTC day near midnight', () => {
    expect(zonedDate(new Date('2026-10-25T23:30:00Z'), PARIS)).toBe('2026-10-26');
    expect(zonedDate(new Date('2026-10-25T23:30:00Z'), 'UTC')).toBe('2026-10-25');
  });
});

describe('ISO weeks', () => {
  it('formats and parses YYYY-Www, refusing a week 53 in a 52-week year', () => {
    expect(formatIsoWeek({ year: 2026, week: 3 })).toBe('2026-W03');
    expect(parseIsoWeek('2026-W43')).toEqual({ year: 2026, week: 43 });
    expect(parseIsoWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek('2025-W53')).toBeUndefined();
    for (const bad of ['2026-43', '2026-W00', '2026-W5', 'W43', '']) expect(parseIsoWeek(bad)).toBeUndefined();
  });

  it('puts year-end days in the right ISO year', () => {
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'), 'UTC')).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(new Date('2024-12-30T12:00:00Z'), 'UTC')).toEqual({ year: 2025, week: 1 });
    expect(addWeeks({ year: 2026, week: 53 }, 1)).toEqual({ year: 2027, week: 1 });
    expect(addWeeks({ year: 2027, week: 1 }, -1)).toEqual({ year: 2026, week: 53 });
  });

  it('spans local Monday to Monday: 169 hours across the autumn change, 167 across the spring one', () => {
    const autumn = isoWeekRange({ year: 2026, week: 43 }, PARIS);
    expect(autumn).toEqual({ start: new Date('2026-10-18T22:00:00Z'), end: new Date('2026-10-25T23:00:00Z') });
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(169 * HOUR);
    const spring = isoWeekRange({ year: 2026, week: 13 }, PARIS);
    expect(spring.end.getTime() - spring.start.getTime()).toBe(167 * HOUR);
    expect(daysOf({ year: 2026, week: 43 })).toEqual([
      '2026-10-19',
      '2026-10-20',
      '2026-10-21',
      '2026-10-22',
      '2026-10-23',
      '2026-10-24',
      '2026-10-25',
    ]);
  });

  it('lists twelve trend months ending with the week’s last month', () => {
    const months = trendMonths(new Date('2026-02-02T00:00:00Z'), 'UTC').map((m) => m.month);
    expect(months).toEqual([
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('the weekly digest schedule in Europe/Paris across the late-October change', () => {
  // DIGEST_CRON's default, Monday 09:00, read in DIGEST_TIMEZONE by node-cron.
  const task = createTask('0 9 * * 1', () => undefined, { timezone: PARIS });

  it('fires at 09:00 Paris time: 07:00 UTC before the change, 08:00 UTC after it', () => {
    expect(task.match(new Date('2026-10-19T07:00:00Z'))).toBe(true);
    expect(task.match(new Date('2026-10-19T08:00:00Z'))).toBe(false);
    expect(task.match(new Date('2026-10-26T07:00:00Z'))).toBe(false);
    expect(task.match(new Date('2026-10-26T08:00:00Z'))).toBe(true);
  });

  it('reports the previous complete week from each firing, including the 169-hour one', () => {
    expect(formatIsoWeek(weekToReport(new Date('2026-10-19T07:00:00Z'), PARIS))).toBe('2026-W42');
    const across = weekToReport(new Date('2026-10-26T08:00:00Z'), PARIS);
    expect(formatIsoWeek(across)).toBe('2026-W43');
    expect(isoWeekRange(across, PARIS).end).toEqual(new Date('2026-10-25T23:00:00Z'));
    expect(formatIsoWeek(weekToReport(new Date('2026-11-02T08:00:00Z'), PARIS))).toBe('2026-W44');
  });

  it('reads the firing on the local clock: Monday 00:30 in Paris is still Sunday in UTC', () => {
    const firedAt = new Date('2026-10-25T23:30:00Z');
    expect(formatIsoWeek(weekToReport(firedAt, PARIS))).toBe('2026-W43');
    expect(formatIsoWeek(weekToReport(firedAt, 'UTC'))).toBe('2026-W42');
  });
});
