import type { SessionQueries } from '../db/session-queries.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import { type Page, pageOf } from './page.ts';
import { type SessionInfo, toSessionInfo } from './session-info.ts';
import { type TrailReader, tenantReadBy } from './trail-reader.ts';

export interface QueryAuditInput {
  reader: TrailReader;
  /** Null: every tenant (a tenant-bound token sees its own whatever it asks). */
  tenant?: string | null | undefined;
  /** Sessions started at or after `start` and before `end`; either may be left open (Slack's "since"). */
  start?: Date;
  end?: Date;
  /** 0-based. */
  page: number;
  size: number;
}

/** Sessions, newest first, one page at a time: for GET /api/v1/impersonation/audit(/range) and `/grant audit`. */
export async function queryAudit(
  deps: { sessions: SessionQueries; access: AccessDirectory },
  input: QueryAuditInput,
): Promise<Page<SessionInfo>> {
  const tenant = await tenantReadBy(deps.access, input.reader, input.tenant, 'the audit trail');
  const filter = { tenant, start: input.start, end: input.end };
  const [ids, total] = await Promise.all([
    deps.sessions.pageIds(filter, input.page * input.size, input.size),
    deps.sessions.count(filter),
  ]);
  const [grants, actions] = await Promise.all([deps.sessions.byIds(ids), deps.sessions.actionsOf(ids)]);
  const content = grants.map((grant) => toSessionInfo(grant, actions.get(grant.id) ?? []));
  return pageOf(content, input.page, input.size, total);
}
