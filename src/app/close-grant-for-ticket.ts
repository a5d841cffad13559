import type { Clock } from '../domain/ports.ts';
import { toStorableText } from '../domain/storable-text.ts';
import { forceEnd } from '../domain/transitions.ts';
import { type ChangeDeps, changeGrant, type GrantChange } from './change-grant.ts';

export interface CloseForTicketInput {
  grantId: string;
  ticketStatus: string;
  /** How the closure was learnt and confirmed, kept in the audit event's details. */
  evidence?: Record<string, unknown>;
}

/**
 * The grant's ticket is now Done: its session ends as FORCED with the reason "ticket closed". The status name is
 * Jira's (from a webhook or a re-check), quoted into the trail, so text Postgres cannot store is replaced, not refused.
 */
export function closeGrantForTicket(
  deps: ChangeDeps & { clock: Clock },
  input: CloseForTicketInput,
): Promise<GrantChange> {
  return changeGrant(deps, input.grantId, (grant) =>
    forceEnd(grant, {
      actor: { kind: 'system', id: 'jira' },
      at: deps.clock.now(),
      note: `ticket closed (${grant.ticket.key} is ${toStorableText(input.ticketStatus)})`,
      ...(input.evidence ? { details: input.evidence } : {}),
    }),
  );
}
