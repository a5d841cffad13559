import type { Clock } from '../domain/ports.ts';
import { forceEnd } from '../domain/transitions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

/** The grant's ticket is now Done: its session ends as FORCED with the reason "ticket closed". */
export function closeGrantForTicket(
  deps: ChangeDeps & { clock: Clock },
  input: { grantId: string; ticketStatus: string },
): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) =>
    forceEnd(grant, {
      actor: { kind: 'system', id: 'jira' },
      at: deps.clock.now(),
      note: `ticket closed (${grant.ticket.key} is ${input.ticketStatus})`,
    }),
  );
}
