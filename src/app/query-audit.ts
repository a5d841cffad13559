import type { SessionQueries } from '../db/session-queries.ts';
import { type Page, pageOf } from './page.ts';
import { type SessionInfo, toSessionInfo } from './session-info.ts';

export interface QueryAuditInput {
  /** Null: every tenant (a tenant-bound caller always passes its own). */
  tenant: string | null;
  /** Sessions started at or after `start` and before `end`; either may be left open (Slack's "since"). */
  start?: Date;
  end?: Date;
  /** 0-based. */
  page: number;
  size: number;
}

/** Sessions, newest first, one page at a time: for GET /api/v1/impersonation/audit(/range) and `/grant audit`. */
export async function queryAudit(
  deps: { sessions: SessionQueries },
  input: QueryAuditInput,
): Promise<Page<SessionInfo>> {
  const filter = { tenant: input.tenant, start: input.start, end: input.end };
  const [ids, total] = await Promise.all([
    deps.sessions.pageIds(filter, input.page * input.size, input.size),
    deps.sessions.count(filter),
  ]);
  const [grants, actions] = await Promise.all([deps.sessions.byIds(ids), deps.sessions.actionsOf(ids)]);
  const content = grants.map((grant) => toSessionInfo(grant, actions.get(grant.id) ?? []));
  return pageOf(content, input.page, input.size, total);
}
