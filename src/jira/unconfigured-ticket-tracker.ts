import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { TicketTracker } from '../domain/ports.ts';

/**
 * The tracker of a `grantdesk worker` started without JIRA_BASE_URL: workers never look tickets up, and anything
 * that tries is refused as "tracker unavailable", which fails closed like a Jira outage.
 */
export const unconfiguredTicketTracker: TicketTracker = {
  getTicket: async () => {
    throw new GrantdeskError(ErrorCode.TrackerUnavailable, 'Jira is not configured here (JIRA_BASE_URL is not set).');
  },
  addComment: async () => {
    throw new GrantdeskError(ErrorCode.TrackerUnavailable, 'Jira is not configured here (JIRA_BASE_URL is not set).');
  },
};
