import { ErrorCode, isGrantdeskError } from '../domain/errors.ts';
import type { TicketTracker } from '../domain/ports.ts';
import { type ClosedTicketDeps, endGrantsForClosedTicket } from './end-grants-for-closed-ticket.ts';

export interface WebhookClosureDeps extends ClosedTicketDeps {
  tracker: Pick<TicketTracker, 'getTicket'>;
}

export interface WebhookClosureOutcome {
  /** Grants ended by this delivery (0 when Jira says the ticket is not Done, or they had ended already). */
  ended: number;
  /** `jira`: Jira confirmed the ticket is Done; `unreachable`: Jira did not answer, the signed delivery was trusted; `refuted`: Jira says it is not Done. */
  confirmation: 'jira' | 'unreachable' | 'refuted';
}

/**
 * A signed webhook says a ticket reached a Done status. A signature proves who sent it, not that it is current (a
 * delivery can arrive late, after the ticket was reopened) nor that the secret has not leaked, so Jira is asked
 * before a grant is cut short. Only when Jira cannot be reached is the signed delivery trusted on its own (an outage
 * must not keep a closed ticket's grant running until the next re-check), and the audit event says so.
 */
export async function endGrantsForWebhookClosure(
  deps: WebhookClosureDeps,
  input: { ticketKey: string; ticketStatus: string },
): Promise<WebhookClosureOutcome> {
  let ticket: Awaited<ReturnType<TicketTracker['getTicket']>> | null = null;
  try {
    ticket = await deps.tracker.getTicket(input.ticketKey);
  } catch (error) {
    // Jira answered that it has no such ticket (or hides it): that refutes the delivery as much as an open status.
    if (isGrantdeskError(error) && error.code === ErrorCode.TicketNotFound)
      return { ended: 0, confirmation: 'refuted' };
    if (!isGrantdeskError(error) || error.code !== ErrorCode.TrackerUnavailable) throw error;
  }
  if (ticket && ticket.statusCategory !== 'done') return { ended: 0, confirmation: 'refuted' };
  const evidence = ticket
    ? { closedBy: 'jira-webhook', confirmedWithJira: true }
    : {
        closedBy: 'jira-webhook',
        confirmedWithJira: false,
        unconfirmedBecause: 'Jira could not be reached; the signed webhook delivery was trusted',
      };
  const ended = await endGrantsForClosedTicket(deps, {
    ticketKey: input.ticketKey,
    ticketStatus: ticket?.status ?? input.ticketStatus,
    evidence,
  });
  return { ended: ended.length, confirmation: ticket ? 'jira' : 'unreachable' };
}
