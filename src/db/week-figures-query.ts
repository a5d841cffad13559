import { QueryTypes, type Sequelize } from 'sequelize';

export interface WeekFigures {
  totalSessions: number;
  activeSessions: number;
  averageDurationMinutes: number;
  denials: number;
}

/** The App Home's figures for auditors, in one statement over the grants table. */
export class WeekFiguresQuery {
  constructor(private readonly sequelize: Sequelize) {}

  /**
   * Sessions started since `start`, sessions active now, the mean length of those of the week that ended, and the
   * requests denied since `start`. Each condition has an index (grants_start, grants_active_expiry).
   */
  async since(start: Date): Promise<WeekFigures> {
    const [row] = await this.sequelize.query<{ sessions: string; active: string; avg: string | null; denials: string }>(
      `SELECT count(*) FILTER (WHERE start_time >= $1) AS sessions,
              count(*) FILTER (WHERE status = 'ACTIVE') AS active,
              avg(extract(epoch FROM end_time - start_time)) FILTER (WHERE start_time >= $1 AND status = 'ENDED') AS avg,
              count(*) FILTER (WHERE status = 'DENIED' AND decided_at >= $1) AS denials
         FROM grants
        WHERE start_time >= $1 OR status = 'ACTIVE' OR (status = 'DENIED' AND decided_at >= $1)`,
      { bind: [start], type: QueryTypes.SELECT },
    );
    return {
      totalSessions: Number(row?.sessions ?? 0),
      activeSessions: Number(row?.active ?? 0),
      averageDurationMinutes: row?.avg ? Math.round(Number(row.avg) / 60) : 0,
      denials: Number(row?.denials ?? 0),
    };
  }
}
