import type { Grant } from '../domain/grant.ts';
import type { TicketTracker } from '../domain/ports.ts';
import { type ClosedTicketDeps, endGrantsForClosedTicket } from './end-grants-for-closed-ticket.ts';

export interface RecheckDeps extends ClosedTicketDeps {
  grants: ClosedTicketDeps['grants'] & { findActivePage(afterId: string | null, limit: number): Promise<Grant[]> };
  tracker: TicketTracker;
}

export interface RecheckReport {
  ticketsChecked: number;
  grantsEnded: number;
  /** Tickets Jira did not answer for: left alone, checked again next interval. */
  unreachable: string[];
}

const PAGE_SIZE = 200;

/**
 * Every JIRA_RECHECK_INTERVAL: asks Jira once per ticket that has an ACTIVE grant, and ends the grants of tickets now
 * in a Done category. Jira being down ends nothing (a grant is never cut short on a guess); the next run tries again.
 */
export async function recheckTickets(deps: RecheckDeps): Promise<RecheckReport> {
  const report: RecheckReport = { ticketsChecked: 0, grantsEnded: 0, unreachable: [] };
  const seen = new Set<string>();
  let afterId: string | null = null;
  for (;;) {
    const page = await deps.grants.findActivePage(afterId, PAGE_SIZE);
    if (page.length === 0) return report;
    afterId = page[page.length - 1]!.id;
    for (const key of new Set(page.map((grant) => grant.ticket.key))) {
      if (seen.has(key)) continue;
      seen.add(key);
      const ticket = await deps.tracker.getTicket(key).catch(() => undefined);
      if (!ticket) {
        report.unreachable.push(key);
        continue;
      }
      report.ticketsChecked += 1;
      if (ticket.statusCategory === 'done') {
        const ended = await endGrantsForClosedTicket(deps, { ticketKey: key, ticketStatus: ticket.status });
        report.grantsEnded += ended.length;
      }
    }
  }
}
