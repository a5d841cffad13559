import { formatDuration } from './duration.ts';

/**
 * The one definition of a session's average duration, shown by `/grant stats`, the App Home and the weekly digest
 * (and `averageDurationMinutes` of the API): the mean time from start to end of the sessions that have ended, among
 * the sessions the figure covers (all of them for `/grant stats` and the API; those started in the week for the App
 * Home and the digest). Sessions still active are left out: their length is not known yet.
 */
export const AVERAGE_DURATION_NOTE = 'Average duration: start to end, over the sessions that have ended.';

/**
 * The one way an average duration is written: whole minutes from a minute up (`45m`, `1h12m`), whole seconds below
 * (`40s`); `n/a` when no session has ended. The seconds of an average are noise, and two spellings of one figure
 * ("44.87 min", "51m59s") read as two figures.
 */
export function formatAverageDuration(ms: number | null): string {
  if (ms === null) return 'n/a';
  const unit = ms >= 60_000 ? 60_000 : 1_000;
  return formatDuration(Math.round(ms / unit) * unit);
}
