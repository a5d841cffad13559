import type { Job } from 'bullmq';
import type { TicketCommenter, TicketCommentRequest } from '../ticket-commenter.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

/** `jira-comment`: comments on the grant's ticket for one event. */
export function jiraCommentProcessor(deps: { commenter: TicketCommenter }) {
  return async (job: Job): Promise<string> => {
    const { grantId, eventId, type } = job.data as TicketCommentRequest;
    await markPermanentFailures(() => deps.commenter.comment({ grantId, eventId, type }));
    return 'commented';
  };
}
