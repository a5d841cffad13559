import type { SessionQueries } from '../db/session-queries.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import { type SessionInfo, toSessionInfo } from './session-info.ts';

/**
 * The console's question "may this admin act as this tenant now?": the live session (ACTIVE and before its
 * expiry, even if the expiry job has not run yet), or not found. A caller bound to another tenant gets the same
 * answer as when there is none.
 */
export async function findActiveSession(
  deps: { sessions: SessionQueries; clock: Clock },
  input: { adminUser: string; tenant: string; visibleTenant: string | null },
): Promise<SessionInfo> {
  const visible = input.visibleTenant === null || input.visibleTenant === input.tenant;
  const grant = visible ? await deps.sessions.findLive(input.adminUser, input.tenant, deps.clock.now()) : undefined;
  if (!grant) {
    throw new GrantdeskError(ErrorCode.GrantNotFound, `${input.adminUser} has no active session on ${input.tenant}.`);
  }
  const actions = await deps.sessions.actionsOf([grant.id]);
  return toSessionInfo(grant, actions.get(grant.id) ?? []);
}
