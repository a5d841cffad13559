import type { Grant } from '../domain/grant.ts';
import type { GrantChange } from './change-grant.ts';
import type { CloseForTicketInput } from './close-grant-for-ticket.ts';

export interface ClosedTicketDeps {
  grants: { findActiveByTicket(ticketKey: string): Promise<Grant[]> };
  closeGrantForTicket(input: CloseForTicketInput): Promise<GrantChange>;
}

/**
 * A ticket reached a Done status: every ACTIVE grant working under it ends as FORCED ("ticket closed"). Each grant
 * is ended by its own transaction under its row lock, so a webhook and the periodic re-check racing each other end
 * it once.
 */
export async function endGrantsForClosedTicket(
  deps: ClosedTicketDeps,
  input: { ticketKey: string; ticketStatus: string; evidence?: Record<string, unknown> },
): Promise<Grant[]> {
  const ended: Grant[] = [];
  for (const grant of await deps.grants.findActiveByTicket(input.ticketKey)) {
    const change = await deps.closeGrantForTicket({
      grantId: grant.id,
      ticketStatus: input.ticketStatus,
      ...(input.evidence ? { evidence: input.evidence } : {}),
    });
    if (change.changed) ended.push(change.grant);
  }
  return ended;
}
