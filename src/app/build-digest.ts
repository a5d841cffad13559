import { longestWindowMs } from '../domain/anomaly/anomaly-thresholds.ts';
import { detectAnomalies } from '../domain/anomaly/detect-anomalies.ts';
import { addWeeks, daysOf, formatIsoWeek, type IsoWeek, isoWeekRange } from '../domain/iso-week.ts';
import type { AnomalyScanSource } from '../domain/ports.ts';
import { trendMonths, type WeeklyDigest, type WeekTotals } from '../domain/weekly-digest.ts';
import { zonedInstant } from '../domain/zoned-time.ts';
import type { ComplianceSettings } from './compliance-settings.ts';

interface Range {
  start: Date;
  end: Date;
}

/** The digest's aggregates (src/db/digest-queries.ts). */
export interface DigestStatsSource {
  weekTotals(week: Range, previousWeekStart: Date, now: Date): Promise<WeekTotals>;
  topAdmins(range: Range): Promise<WeeklyDigest['topAdmins']>;
  sessionsBetween(bounds: readonly Date[]): Promise<number[]>;
  breakGlassBetween(range: Range): Promise<WeeklyDigest['breakGlass']>;
}

export interface BuildDigestDeps {
  stats: DigestStatsSource;
  anomalies: AnomalyScanSource;
  chain: { chainState(): Promise<{ headSeq: number; headHash: string }> };
  settings: ComplianceSettings;
}

/**
 * Gathers one week's digest: SQL aggregates for the numbers, the anomaly rules run over the week, and the chain
 * head. A week not yet over is built up to `now` and marked partial.
 */
export async function buildDigest(deps: BuildDigestDeps, input: { week: IsoWeek; now: Date }): Promise<WeeklyDigest> {
  const { timeZone } = deps.settings;
  const range = isoWeekRange(input.week, timeZone);
  const previous = isoWeekRange(addWeeks(input.week, -1), timeZone);
  const scanned = { from: range.start, to: new Date(Math.min(range.end.getTime(), input.now.getTime())) };
  const days = daysOf(input.week);
  const months = trendMonths(range.end, timeZone);
  const dayBounds = [...days.map((day) => localMidnight(day, timeZone)), range.end];
  const monthBounds = [...months.map(({ first }) => zonedInstant(first, timeZone)), range.end];
  const loadFrom = new Date(range.start.getTime() - longestWindowMs(deps.settings.thresholds));

  const [totals, topAdmins, perDay, perMonth, scanInput, breakGlass] = await Promise.all([
    deps.stats.weekTotals(range, previous.start, input.now),
    deps.stats.topAdmins(range),
    deps.stats.sessionsBetween(dayBounds),
    deps.stats.sessionsBetween(monthBounds),
    deps.anomalies.scanInput(loadFrom, scanned),
    deps.stats.breakGlassBetween(range),
  ]);
  // Read last, so the published head covers every event the numbers above could have seen.
  const chain = await deps.chain.chainState();
  return {
    week: formatIsoWeek(input.week),
    timeZone,
    start: range.start,
    end: range.end,
    partial: input.now < range.end,
    generatedAt: input.now,
    ...totals,
    topAdmins,
    sessionsPerDay: days.map((day, i) => ({ day, sessions: perDay[i] ?? 0 })),
    monthlyTrend: months.map(({ month }, i) => ({ month, sessions: perMonth[i] ?? 0 })),
    anomalies: detectAnomalies(scanInput, { ...deps.settings, ...scanned }),
    breakGlass,
    chainHead: { seq: chain.headSeq, hash: chain.headHash },
  };
}

/** `2026-10-25` → the instant that day starts in the zone. */
function localMidnight(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return zonedInstant({ year: year!, month: month!, day: date! }, timeZone);
}
