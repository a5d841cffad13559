import type { SessionQueries } from '../db/session-queries.ts';
import type { GrantReader } from '../domain/ports.ts';
import { findSession } from './find-session.ts';
import { type SessionInfo, toSessionInfo } from './session-info.ts';

export async function getSession(
  deps: { grants: GrantReader; sessions: SessionQueries },
  input: { reference: string; tenant: string | null },
): Promise<SessionInfo> {
  const grant = await findSession(deps.grants, input);
  const actions = await deps.sessions.actionsOf([grant.id]);
  return toSessionInfo(grant, actions.get(grant.id) ?? []);
}
