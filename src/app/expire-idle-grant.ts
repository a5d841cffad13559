import { expireIdle, idleAtMs } from '../domain/idle-expiry.ts';
import type { Clock } from '../domain/ports.ts';
import { unchanged } from '../domain/transition.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** The outcome, and while the session stays ACTIVE and in use, when it would next fall idle. */
export interface IdleCheck {
  change: GrantChange;
  idleAt: Date | null;
}

/**
 * Ends an ACTIVE session unused for SESSION_IDLE_TIMEOUT (EXPIRED, details.idle). Called by the idle job and the
 * reconciler; a session used since changes nothing and says when to look again.
 */
export async function expireIdleGrant(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string },
): Promise<IdleCheck> {
  const idleTimeoutMs = deps.policy.idleTimeoutMs ?? null;
  let idleAt: Date | null = null;
  const change = await changeGrant(deps, input.grantId, async (grant, scope) => {
    if (idleTimeoutMs === null) return unchanged(grant, 'SESSION_IDLE_TIMEOUT is off');
    const lastActivityAt = await scope.uses.lastActivityAt(grant.id);
    const at = deps.clock.now();
    const transition = expireIdle(grant, { at, lastActivityAt, idleTimeoutMs });
    if (transition.outcome === 'unchanged' && grant.status === 'ACTIVE') {
      idleAt = new Date(idleAtMs(grant, lastActivityAt, idleTimeoutMs));
    }
    return transition;
  });
  return { change, idleAt: change.changed ? null : idleAt };
}
