import type { Actor } from '../domain/grant.ts';
import type { Clock } from '../domain/ports.ts';
import { recordAction as record } from '../domain/session-use.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** The console records a significant action taken during a live session (≤ 200 characters). */
export function recordAction(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; actor: Actor; action: string },
): Promise<GrantChange> {
  const at = deps.clock.now();
  return changeGrant(
    deps,
    input.grantId,
    (grant) => record(grant, { ...input, at }),
    (scope) =>
      scope.uses.recordAction({ grantId: input.grantId, at, action: input.action.trim(), actor: input.actor.id }),
  );
}
