import { requestExtension } from '../domain/extension.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock } from '../domain/ports.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** The requester asks for more time; approvers decide it on its own card (approve-extension, deny-extension). */
export function extendGrant(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; actor: Actor; durationMs: number; reason: string },
): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) =>
    requestExtension(grant, {
      extensionId: deps.ids.uuid(),
      actor: input.actor,
      durationMs: input.durationMs,
      reason: input.reason,
      at: deps.clock.now(),
      maxDurationMs: deps.policy.maxDurationMs,
    }),
  );
}
