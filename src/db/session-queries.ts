import { Op, QueryTypes, type Sequelize } from 'sequelize';
import type { Grant } from '../domain/grant.ts';
import type { GrantQueries } from './grant-store.ts';
import type { Models, Row } from './models.ts';

/**
 * Sessions are grants that became ACTIVE: start_time is set at that moment and never cleared, so ACTIVE and ENDED
 * grants are sessions and PENDING, DENIED, CANCELLED and LAPSED ones are not.
 */
export interface SessionFilter {
  /** Null: every tenant. */
  tenant: string | null;
  /** Started in [start, end). */
  start?: Date;
  end?: Date;
}

export interface SessionAction {
  action: string;
  recordedAt: Date;
}

/** Rollup figures (migrations/20261122000400-session-rollups.ts, kept current by a trigger) for one bucket. */
export interface SessionRollup {
  dimension: 'admin' | 'month' | 'state';
  bucket: string;
  sessions: number;
  endedSessions: number;
  durationMs: number;
}

/** The rollups' name for "every tenant"; no tenant id can start with '*' (IDENTIFIER_PATTERN). */
const ALL_TENANTS = '*';

/** Adds a bind parameter and returns its placeholder. */
function param(bind: unknown[], value: unknown): string {
  bind.push(value);
  return `$${bind.length}`;
}

function sessionClause(filter: SessionFilter, bind: unknown[]): string {
  let where = 'start_time IS NOT NULL';
  if (filter.tenant) where += ` AND tenant = ${param(bind, filter.tenant)}`;
  if (filter.start) where += ` AND start_time >= ${param(bind, filter.start)}`;
  if (filter.end) where += ` AND start_time < ${param(bind, filter.end)}`;
  return where;
}

/** Reads for the sessions pages, the active-session lookup and the statistics. */
export class SessionQueries {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
    private readonly grants: GrantQueries,
  ) {}

  /**
   * Newest first, by offset (the API's pages are numbered). Without a time range, the running total of the `day`
   * rollups says which day the page starts in and how many newer sessions precede it, so the index is entered at
   * that day and skips at most one day's sessions however deep the page (an offset of 100,000 would otherwise walk
   * 100,000 index entries). Rollups and grants are read in one statement, so one snapshot, so they agree.
   */
  async pageIds(filter: SessionFilter, offset: number, limit: number): Promise<string[]> {
    const bind: unknown[] = [offset, limit];
    const ranged = filter.start !== undefined || filter.end !== undefined;
    const sql = ranged
      ? `SELECT id FROM grants WHERE ${sessionClause(filter, bind)}
          ORDER BY start_time DESC, id DESC OFFSET $1 LIMIT $2`
      : `WITH days AS (
           SELECT bucket, sessions, sum(sessions) OVER (ORDER BY bucket DESC) AS through
             FROM session_rollups WHERE tenant = ${param(bind, filter.tenant ?? ALL_TENANTS)}
              AND dimension = 'day' AND sessions <> 0
         ), anchor AS (
           SELECT bucket, through - sessions AS newer FROM days WHERE through > $1 ORDER BY bucket DESC LIMIT 1
         )
         SELECT g.id FROM anchor CROSS JOIN LATERAL (
           SELECT id, start_time FROM grants
            WHERE ${sessionClause(filter, bind)}
              AND start_time < (anchor.bucket::date + 1)::timestamp AT TIME ZONE 'UTC'
            ORDER BY start_time DESC, id DESC OFFSET $1 - anchor.newer LIMIT $2
         ) g ORDER BY g.start_time DESC, g.id DESC`;
    const rows = await this.sequelize.query<{ id: string }>(sql, { bind, type: QueryTypes.SELECT });
    return rows.map((r) => r.id);
  }

  /** The grants with these ids, in this order. */
  async byIds(ids: string[]): Promise<Grant[]> {
    if (ids.length === 0) return [];
    const rows = await this.models.Grant.findAll({ where: { id: { [Op.in]: ids } } });
    const byId = new Map(
      (await this.grants.withApprovals(rows.map((r) => r.get({ plain: true })))).map((g) => [g.id, g]),
    );
    return ids.map((id) => byId.get(id)).filter((g): g is Grant => g !== undefined);
  }

  /** How many sessions match: from the rollups when no time range narrows it, so the count stays O(1) in rows. */
  async count(filter: SessionFilter): Promise<number> {
    if (!filter.start && !filter.end) {
      const [row] = await this.sequelize.query<{ total: string | null }>(
        `SELECT sum(sessions) AS total FROM session_rollups WHERE tenant = $1 AND dimension = 'state'`,
        { bind: [filter.tenant ?? ALL_TENANTS], type: QueryTypes.SELECT },
      );
      return Number(row?.total ?? 0);
    }
    const bind: unknown[] = [];
    const [row] = await this.sequelize.query<{ total: string }>(
      `SELECT count(*) AS total FROM grants WHERE ${sessionClause(filter, bind)}`,
      { bind, type: QueryTypes.SELECT },
    );
    return Number(row?.total ?? 0);
  }

  /** The actions recorded on each of the sessions, oldest first. */
  async actionsOf(grantIds: string[]): Promise<Map<string, SessionAction[]>> {
    const actions = new Map<string, SessionAction[]>(grantIds.map((id) => [id, []]));
    if (grantIds.length === 0) return actions;
    const rows = await this.models.GrantAction.findAll({
      where: { grantId: { [Op.in]: grantIds } },
      order: [['recordedAt', 'ASC']],
    });
    for (const row of rows.map((r) => r.get({ plain: true }))) {
      actions
        .get(String(row.grantId))
        ?.push({ action: String(row.action), recordedAt: new Date(row.recordedAt as string) });
    }
    return actions;
  }

  /** The live session (ACTIVE and not yet expired) of an admin, named by email or Slack id, on a tenant. */
  async findLive(adminUser: string, tenant: string, at: Date): Promise<Grant | undefined> {
    const row = await this.models.Grant.findOne({
      where: {
        status: 'ACTIVE',
        tenant,
        expiresAt: { [Op.gt]: at },
        [Op.or]: [{ requesterEmail: adminUser }, { requesterId: adminUser }],
      },
      order: [['startTime', 'DESC']],
    });
    return row ? (await this.grants.withApprovals([row.get({ plain: true })]))[0] : undefined;
  }

  /** The rollups of one tenant (or all), with days summed into months (`YYYY-MM`). */
  async rollups(tenant: string | null): Promise<SessionRollup[]> {
    const rows = await this.sequelize.query<Row>(
      `SELECT CASE dimension WHEN 'day' THEN 'month' ELSE dimension END AS dimension,
              CASE dimension WHEN 'day' THEN left(bucket, 7) ELSE bucket END AS bucket,
              sum(sessions) AS sessions, sum(ended_sessions) AS "endedSessions", sum(duration_ms) AS "durationMs"
         FROM session_rollups WHERE tenant = $1 AND sessions <> 0 GROUP BY 1, 2`,
      { bind: [tenant ?? ALL_TENANTS], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({
      dimension: r.dimension as SessionRollup['dimension'],
      bucket: String(r.bucket),
      sessions: Number(r.sessions),
      endedSessions: Number(r.endedSessions),
      durationMs: Number(r.durationMs),
    }));
  }
}
