import type { Services } from '../../app/services.ts';
import type { GrantPolicy } from '../../domain/grant-policy.ts';
import type { AccessDirectory, Clock, PeopleDirectory } from '../../domain/ports.ts';
import type { TicketPolicy } from '../../domain/ticket-policy.ts';

/** What the Slack listeners need: the use cases, and who people are. Built once in src/main.ts. */
export interface ListenerDeps {
  services: Services;
  /** The grant settings (durations, approvals, PENDING_TTL) the modals, cards and help show. */
  policy: GrantPolicy;
  access: AccessDirectory;
  people: PeopleDirectory;
  clock: Clock;
  /** For the request modal's inline checks, made before anything slow (Jira) runs. */
  ticketPolicy: TicketPolicy;
}
