import type { AuditEventType } from '../src/domain/audit-event.ts';

/** What a jira-comment job carries: the outbox payload written by src/domain/side-effects.ts. */
export interface TicketCommentRequest {
  grantId: string;
  eventId: string;
  type: AuditEventType;
}

/**
 * Leaves a comment on the grant's ticket for an event (IMPERSONATION_START, GRANT_EXTENDED, IMPERSONATION_END).
 * Throw a GrantdeskError with a permanent code (e.g. ticket_not_found) to stop retries; tracker_unavailable and
 * rate_limited, like any other error, are retried with backoff.
 */
export interface TicketCommenter {
  comment(request: TicketCommentRequest): Promise<void>;
}
