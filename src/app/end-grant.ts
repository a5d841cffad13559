import type { Actor } from '../domain/grant.ts';
import type { Clock } from '../domain/ports.ts';
import { end } from '../domain/transitions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** The requester (from Slack) or the console (over REST) ends a session normally. */
export function endGrant(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; actor: Actor },
): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) => end(grant, { actor: input.actor, at: deps.clock.now() }));
}
