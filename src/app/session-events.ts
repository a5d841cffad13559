import type { AuditQueries } from '../db/audit-store.ts';
import type { SessionQueries } from '../db/session-queries.ts';
import type { AuditEvent, AuditEventType } from '../domain/audit-event.ts';
import type { EndReason, Grant } from '../domain/grant.ts';
import type { GrantReader } from '../domain/ports.ts';
import { type SessionInfo, toSessionInfo } from './session-info.ts';

/** The session changes pushed to the console (DESIGN.md §5), by the audit event that records each. */
const EVENT_TYPES: Record<string, ConsoleEventType> = {
  IMPERSONATION_START: 'session.started',
  GRANT_EXTENDED: 'session.extended',
  IMPERSONATION_END: 'session.ended',
};
const AUDIT_TYPES = Object.keys(EVENT_TYPES) as AuditEventType[];

export type ConsoleEventType = 'session.started' | 'session.extended' | 'session.ended';

/** One pushed change: `id` is the audit seq, so a console resumes after the last id it saw. */
export interface ConsoleEvent {
  id: number;
  type: ConsoleEventType;
  occurredAt: Date;
  session: SessionInfo;
}

export interface SessionEventDeps {
  audit: AuditQueries;
  grants: GrantReader;
  sessions: SessionQueries;
}

/**
 * The console events after `afterSeq`, in trail order, read from the audit trail itself: it holds exactly the
 * changes that committed, in commit order (appends are serialised by the chain), so a reader that remembers the last
 * seq it handed on misses nothing and sends nothing that did not happen. The session is as it stood at the event.
 */
export async function readSessionEvents(
  deps: SessionEventDeps,
  input: { afterSeq: number; tenant: string | null; limit: number },
): Promise<ConsoleEvent[]> {
  const events = await deps.audit.page({ types: AUDIT_TYPES, tenant: input.tenant }, input.afterSeq, input.limit);
  const grants = new Map<string, Grant>();
  for (const id of new Set(events.map((event) => event.grantId).filter((id): id is string => Boolean(id)))) {
    const grant = await deps.grants.findById(id);
    if (grant) grants.set(id, grant);
  }
  const actions = await deps.sessions.actionsOf([...grants.keys()]);
  return events.flatMap((event) => {
    const grant = event.grantId ? grants.get(event.grantId) : undefined;
    if (!grant) return [];
    const session = asOf(toSessionInfo(grant, actions.get(grant.id) ?? []), event);
    return [
      { id: event.seq, type: EVENT_TYPES[event.type] as ConsoleEventType, occurredAt: event.occurredAt, session },
    ];
  });
}

/** A replayed `session.started` must not show the end that came later: the event's own `after` wins. */
function asOf(info: SessionInfo, event: AuditEvent): SessionInfo {
  const after = (event.after ?? {}) as { expiresAt?: string; endTime?: string; endReason?: EndReason };
  if (event.type === 'IMPERSONATION_END') {
    return {
      ...info,
      status: 'ENDED',
      endTime: after.endTime ? new Date(after.endTime) : info.endTime,
      endReason: after.endReason ?? info.endReason,
    };
  }
  const expiresAt = after.expiresAt ? new Date(after.expiresAt) : info.expiresAt;
  return { ...info, status: 'ACTIVE', endTime: null, endReason: null, expiresAt };
}
