import { accessLevelOf, type EndReason, type Grant, type GrantStatus } from './grant.ts';
import type { AccessLevel } from './policy/access-policy.ts';

/** What the console gate needs to know of a session: kept in memory by every `serve` replica. */
export interface SessionState {
  id: string;
  shortCode: string;
  tenant: string;
  targetUser: string | null;
  status: GrantStatus;
  expiresAt: Date | null;
  endReason: EndReason | null;
  /** Fixed when the grant is requested (DESIGN.md §6): read unless write was asked for and allowed. */
  accessLevel: AccessLevel;
}

export type SessionCheck =
  | {
      sessionId: string;
      active: true;
      tenant: string;
      targetUser: string | null;
      accessLevel: AccessLevel;
      expiresAt: Date;
      checkedAt: Date;
    }
  | { sessionId: string; active: false; status: GrantStatus; endReason: EndReason | null };

/**
 * The gate's answer (DESIGN.md §5). The clock is compared here, not in the cache: a session still ACTIVE in the
 * database (its expiry job not yet run) is already over at expiresAt, so no stale state can stretch a grant.
 */
export function checkSession(state: SessionState, at: Date): SessionCheck {
  const { id: sessionId, status, expiresAt } = state;
  if (status === 'ACTIVE' && expiresAt !== null) {
    if (at.getTime() < expiresAt.getTime()) {
      const { tenant, targetUser, accessLevel } = state;
      return {
        sessionId,
        active: true,
        tenant,
        targetUser,
        accessLevel,
        expiresAt,
        checkedAt: at,
      };
    }
    return { sessionId, active: false, status: 'ENDED', endReason: 'EXPIRED' };
  }
  return { sessionId, active: false, status, endReason: state.endReason };
}

/** Only PENDING and ACTIVE sessions change; every other status is final, so a cached copy never goes stale. */
export function isFinal(status: GrantStatus): boolean {
  return status !== 'PENDING' && status !== 'ACTIVE';
}

export function stateOfGrant(grant: Grant): SessionState {
  const { id, shortCode, tenant, targetUser, status, expiresAt, endReason } = grant;
  return { id, shortCode, tenant, targetUser, status, expiresAt, endReason, accessLevel: accessLevelOf(grant) };
}
