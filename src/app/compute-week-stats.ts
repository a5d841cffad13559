import type { Clock } from '../domain/ports.ts';

export interface WeekStats {
  /** Monday 00:00 UTC of the current week: the ISO week, as the weekly digest counts it. */
  weekStart: Date;
  totalSessions: number;
  activeSessions: number;
  averageDurationMinutes: number;
  denials: number;
}

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week `at` is in. */
export function weekStartOf(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY);
}

/** This week's numbers for auditors, shown in App Home. */
export async function computeWeekStats(deps: {
  figures: { since(start: Date): Promise<Omit<WeekStats, 'weekStart'>> };
  clock: Clock;
}): Promise<WeekStats> {
  const weekStart = weekStartOf(deps.clock.now());
  return { weekStart, ...(await deps.figures.since(weekStart)) };
}
