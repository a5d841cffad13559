import type { Actor } from '../domain/grant.ts';
import type { Clock } from '../domain/ports.ts';
import { cancel } from '../domain/transitions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** The requester withdraws a PENDING request. */
export function cancelGrant(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; actor: Actor },
): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) =>
    cancel(grant, { actor: input.actor, at: deps.clock.now(), policy: deps.policy }),
  );
}
