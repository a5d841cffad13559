import type { SessionQueries } from '../db/session-queries.ts';
import { END_REASONS, type EndReason } from '../domain/grant.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import { type TrailReader, tenantReadBy } from './trail-reader.ts';

/** DESIGN.md §3 ImpersonationStats. Sessions are grants that became ACTIVE (see SessionFilter). */
export interface ImpersonationStats {
  totalSessions: number;
  /** Sessions whose status is ACTIVE (one past its expiry counts until the expiry job ends it). */
  activeSessions: number;
  /** Mean length of the sessions that have ended, start to end, in minutes (two decimals); 0 when none has. */
  averageDurationMinutes: number;
  /** By admin user: email when known, else Slack id. */
  sessionsByAdmin: Record<string, number>;
  /** By month of start, `YYYY-MM` in UTC. */
  sessionsByMonth: Record<string, number>;
  sessionsByEndReason: Record<EndReason, number>;
}

/**
 * Read from rollups the database keeps current on every grant change (migrations/…-session-rollups.ts), so the
 * cost is a few hundred rows however many sessions there are: for the API and `/grant stats`.
 */
export async function computeStats(
  deps: { sessions: SessionQueries; access: AccessDirectory },
  input: { reader: TrailReader; tenant: string | null | undefined },
): Promise<ImpersonationStats> {
  const tenant = await tenantReadBy(deps.access, input.reader, input.tenant, 'statistics');
  const rollups = await deps.sessions.rollups(tenant);
  const stats: ImpersonationStats = {
    totalSessions: 0,
    activeSessions: 0,
    averageDurationMinutes: 0,
    sessionsByAdmin: {},
    sessionsByMonth: {},
    sessionsByEndReason: Object.fromEntries(END_REASONS.map((r) => [r, 0])) as Record<EndReason, number>,
  };
  let ended = 0;
  let durationMs = 0;
  for (const row of rollups) {
    if (row.dimension === 'admin') stats.sessionsByAdmin[row.bucket] = row.sessions;
    if (row.dimension === 'month') stats.sessionsByMonth[row.bucket] = row.sessions;
    if (row.dimension !== 'state') continue;
    stats.totalSessions += row.sessions;
    ended += row.endedSessions;
    durationMs += row.durationMs;
    if (row.bucket === 'ACTIVE') stats.activeSessions = row.sessions;
    else stats.sessionsByEndReason[row.bucket as EndReason] = row.sessions;
  }
  if (ended > 0) stats.averageDurationMinutes = Math.round((durationMs / ended / 60_000) * 100) / 100;
  stats.sessionsByMonth = Object.fromEntries(
    Object.entries(stats.sessionsByMonth).sort(([a], [b]) => a.localeCompare(b)),
  );
  return stats;
}
