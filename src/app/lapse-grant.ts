import type { Clock } from '../domain/ports.ts';
import { lapse } from '../domain/transitions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** A PENDING request nobody decided within PENDING_TTL lapses (job or reconciler; idempotent). */
export function lapseGrant(deps: ChangeDeps & { clock: Clock }, input: { grantId: string }): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) => lapse(grant, { at: deps.clock.now(), policy: deps.policy }));
}
