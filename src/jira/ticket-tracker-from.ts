import type { Config } from '../config.ts';
import type { TicketTracker } from '../domain/ports.ts';
import { JiraTicketTracker } from './jira-ticket-tracker.ts';
import { unconfiguredTicketTracker } from './unconfigured-ticket-tracker.ts';

/**
 * The tracker the configuration asks for. `serve` requires JIRA_BASE_URL; a `worker` may run without it and then
 * leaves ticket comments to others.
 */
export function ticketTrackerFrom(jira: Config['jira']): TicketTracker {
  if (!jira.baseUrl) return unconfiguredTicketTracker;
  return new JiraTicketTracker({
    baseUrl: jira.baseUrl,
    ...(jira.auth?.kind === 'basic' ? { email: jira.auth.email, apiToken: jira.auth.apiToken } : {}),
    ...(jira.auth?.kind === 'bearer' ? { pat: jira.auth.token } : {}),
    timeoutMs: jira.timeoutMs,
  });
}
