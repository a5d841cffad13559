import { QueryTypes, type Sequelize } from 'sequelize';
import type { BreakGlassReview, EndReason } from '../domain/grant.ts';
import {
  type DigestSession,
  type SessionOutcome,
  TOP_ADMINS,
  type WeeklyDigest,
  type WeekTotals,
} from '../domain/weekly-digest.ts';
import { epochMs, msFromEpoch } from './epoch-ms.ts';
import type { Row } from './models.ts';

interface Range {
  start: Date;
  end: Date;
}

/**
 * The digest's numbers, each one SQL aggregate over the grants table (a session is a grant with a start_time).
 * Sessions are counted in Postgres, so 100,000 of them never travel to Node just to be counted; only the CSV reads
 * them row by row.
 */
export class DigestQueries {
  constructor(private readonly sequelize: Sequelize) {}

  async weekTotals(week: Range, previousWeekStart: Date, now: Date): Promise<WeekTotals> {
    const [row] = await this.select(
      `SELECT
         (SELECT count(*) FROM grants WHERE start_time >= $3 AND start_time < $1) AS previous,
         (SELECT count(*) FROM grants WHERE status = 'ACTIVE' AND expires_at > $4) AS active_now,
         (SELECT count(*) FROM grants WHERE requested_at >= $1 AND requested_at < $2) AS requests,
         (SELECT count(*) FROM grants WHERE status = 'DENIED' AND decided_at >= $1 AND decided_at < $2) AS denials,
         (SELECT count(*) FROM grants WHERE status = 'LAPSED' AND decided_at >= $1 AND decided_at < $2) AS lapses,
         count(*) AS sessions,
         count(*) FILTER (WHERE status = 'ACTIVE') AS "ACTIVE",
         count(*) FILTER (WHERE end_reason = 'NORMAL') AS "NORMAL",
         count(*) FILTER (WHERE end_reason = 'FORCED') AS "FORCED",
         count(*) FILTER (WHERE end_reason = 'EXPIRED') AS "EXPIRED",
         avg(extract(epoch FROM end_time - start_time) * 1000) FILTER (WHERE end_time IS NOT NULL) AS average_ms
       FROM grants WHERE start_time >= $1 AND start_time < $2`,
      [week.start, week.end, previousWeekStart, now],
    );
    const count = (name: string) => Number(row?.[name] ?? 0);
    const byOutcome = { ACTIVE: 0, NORMAL: 0, FORCED: 0, EXPIRED: 0 } satisfies Record<SessionOutcome, number>;
    for (const outcome of Object.keys(byOutcome) as SessionOutcome[]) byOutcome[outcome] = count(outcome);
    return {
      sessions: count('sessions'),
      previousWeekSessions: count('previous'),
      activeNow: count('active_now'),
      averageDurationMs: row?.average_ms == null ? null : Math.round(Number(row.average_ms)),
      byOutcome,
      requests: count('requests'),
      denials: count('denials'),
      lapses: count('lapses'),
    };
  }

  /** Every break-glass started in the range, oldest first, with its review as stored (null while unreviewed). */
  async breakGlassBetween(range: Range): Promise<WeeklyDigest['breakGlass']> {
    const rows = await this.select(
      `SELECT id, short_code, requester_id, tenant, start_time, review FROM grants
        WHERE break_glass AND start_time >= $1 AND start_time < $2 ORDER BY start_time, id`,
      [range.start, range.end],
    );
    return rows.map((row) => {
      const review = row.review as (BreakGlassReview & { reviewedAt: string }) | null;
      return {
        grantId: String(row.id),
        shortCode: String(row.short_code),
        requesterId: String(row.requester_id),
        tenant: String(row.tenant),
        startTime: new Date(row.start_time as string),
        review: review ? { ...review, reviewedAt: new Date(review.reviewedAt) } : null,
      };
    });
  }

  /** The requesters with most sessions started in the range, most first (ties by id, so the order is stable). */
  async topAdmins(range: Range, limit = TOP_ADMINS): Promise<WeeklyDigest['topAdmins']> {
    const rows = await this.select(
      `SELECT requester_id AS "slackId", max(requester_email) AS email, count(*) AS sessions
       FROM grants WHERE start_time >= $1 AND start_time < $2
       GROUP BY requester_id ORDER BY count(*) DESC, requester_id LIMIT $3`,
      [range.start, range.end, limit],
    );
    return rows.map((row) => ({
      admin: String(row.email ?? row.slackId),
      slackId: String(row.slackId),
      sessions: Number(row.sessions),
    }));
  }

  /**
   * Sessions started in each of the consecutive ranges [bounds[i], bounds[i + 1]): local days or months, whose
   * edges the caller computes in DIGEST_TIMEZONE. Counting by edges (width_bucket) rather than converting every row's
   * time to local time lets Postgres read the start_time index alone.
   */
  async sessionsBetween(bounds: readonly Date[]): Promise<number[]> {
    const counts = new Array<number>(Math.max(0, bounds.length - 1)).fill(0);
    if (counts.length === 0) return counts;
    const rows = await this.select(
      `SELECT width_bucket(start_time, $1::timestamptz[]) AS bucket, count(*) AS sessions
       FROM grants WHERE start_time >= $2 AND start_time < $3 GROUP BY 1`,
      [bounds, bounds[0], bounds.at(-1)],
    );
    for (const row of rows) counts[Number(row.bucket) - 1] = Number(row.sessions);
    return counts;
  }

  /**
   * Every session started in the range, oldest first, with its approvers and how often the console used it and
   * acted in it. Approvals, uses and actions are aggregated from their own tables by time (each index range bounded
   * by the sessions' first request and last end) and hash-joined in Postgres, rather than probed once per session:
   * one pass per table, and Node parses one row per session.
   */
  async sessions(range: Range): Promise<DigestSession[]> {
    const inRange = 'FROM grants WHERE start_time >= $1 AND start_time < $2';
    const firstRequest = `(SELECT min(requested_at) ${inRange})`;
    const lastEnd = `(SELECT max(coalesce(end_time, expires_at)) ${inRange})`;
    const rows = await this.select(
      `SELECT g.id, g.short_code, g.requester_id, g.requester_email, g.tenant, g.target_user, g.ticket_key, g.reason,
         g.status, ${epochMs('g.start_time')}, ${epochMs('g.end_time')}, g.end_reason, ${epochMs('g.expires_at')},
         g.ip_address, g.user_agent, g.access_level, a.approvers, coalesce(u.n, 0) AS uses, coalesce(x.n, 0) AS actions
       FROM grants g
       LEFT JOIN (SELECT grant_id, string_agg(approver_id, ' ' ORDER BY approved_at) AS approvers FROM grant_approvals
         WHERE approved_at >= ${firstRequest} AND approved_at < $2 GROUP BY grant_id) a ON a.grant_id = g.id
       LEFT JOIN (SELECT grant_id, count(*) AS n FROM grant_uses
         WHERE used_at >= $1 AND used_at <= ${lastEnd} GROUP BY grant_id) u ON u.grant_id = g.id
       LEFT JOIN (SELECT grant_id, count(*) AS n FROM grant_actions
         WHERE recorded_at >= $1 AND recorded_at <= ${lastEnd} GROUP BY grant_id) x ON x.grant_id = g.id
       WHERE g.start_time >= $1 AND g.start_time < $2
       ORDER BY g.start_time, g.id`,
      [range.start, range.end],
    );
    return rows.map((row) => ({
      id: String(row.id),
      shortCode: String(row.short_code),
      adminSlackId: String(row.requester_id),
      adminEmail: (row.requester_email as string | null) ?? null,
      tenant: String(row.tenant),
      targetUser: (row.target_user as string | null) ?? null,
      ticketKey: String(row.ticket_key),
      reason: String(row.reason),
      status: String(row.status),
      startTime: Number(row.start_time),
      endTime: msFromEpoch(row.end_time),
      endReason: (row.end_reason as EndReason | null) ?? null,
      expiresAt: msFromEpoch(row.expires_at),
      approvers: row.approvers ? String(row.approvers).split(' ') : [],
      uses: Number(row.uses),
      actions: Number(row.actions),
      ipAddress: (row.ip_address as string | null) ?? null,
      userAgent: (row.user_agent as string | null) ?? null,
      accessLevel: row.access_level === 'write' ? 'write' : 'read',
    }));
  }

  private select(sql: string, bind: unknown[]): Promise<Row[]> {
    return this.sequelize.query<Row>(sql, { bind, type: QueryTypes.SELECT, raw: true });
  }
}
