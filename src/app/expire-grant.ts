import type { Clock } from '../domain/ports.ts';
import { expire } from '../domain/transitions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/**
 * Ends an ACTIVE grant whose expiry has come. Called by the expiry job (with the version it was scheduled for) and
 * by the reconciler (without). A second delivery, or a job superseded by an extension, changes nothing.
 */
export function expireGrant(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; version?: number },
): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) =>
    expire(grant, { at: deps.clock.now(), ...(input.version === undefined ? {} : { version: input.version }) }),
  );
}
