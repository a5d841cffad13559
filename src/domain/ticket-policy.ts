/**
 * Which tickets a grant may be tied to: one in an accepted project (JIRA_PROJECTS; none configured means any) and,
 * when JIRA_REQUIRE_OPEN is on, one whose status category is not Done.
 */
import { ErrorCode, GrantdeskError } from './errors.ts';
import type { TicketSnapshot } from './grant.ts';
import { projectOfTicketKey } from './ticket-key.ts';

export interface TicketPolicy {
  /** Accepted project keys; empty or absent accepts every project. */
  allowedProjects?: readonly string[];
  /** Refuse tickets in Jira's `done` status category. */
  requireOpen: boolean;
}

/** Throws `ticket_not_allowed` when the key's project is not one of the accepted ones. */
export function assertProjectAllowed(key: string, allowedProjects: readonly string[] | undefined): void {
  if (!allowedProjects || allowedProjects.length === 0) return;
  const project = projectOfTicketKey(key.toUpperCase());
  const accepted = allowedProjects.map((p) => p.trim().toUpperCase()).filter((p) => p !== '');
  if (accepted.length === 0 || accepted.includes(project)) return;
  throw new GrantdeskError(
    ErrorCode.TicketNotAllowed,
    `${key} is in project ${project}, which Grantdesk does not accept; use a ticket in one of: ${accepted.join(', ')}`,
    { ticketKey: key, project, allowedProjects: accepted },
  );
}

/** Throws `ticket_not_allowed` or `ticket_closed` when the ticket cannot back a grant; returns nothing otherwise. */
export function validateTicket(ticket: TicketSnapshot, policy: TicketPolicy): void {
  assertProjectAllowed(ticket.key, policy.allowedProjects);
  if (policy.requireOpen && ticket.statusCategory === 'done') {
    throw new GrantdeskError(
      ErrorCode.TicketClosed,
      `${ticket.key} is ${ticket.status}; reopen it or use an open ticket`,
      { ticketKey: ticket.key, status: ticket.status, statusCategory: ticket.statusCategory },
    );
  }
}
