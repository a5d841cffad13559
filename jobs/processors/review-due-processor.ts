import { type Job, UnrecoverableError } from 'bullmq';
import { reviewReminderKey } from '../../src/domain/break-glass.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { BREAK_GLASS_REVIEW_DUE, type Notifier } from '../../src/domain/notification.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

export interface ReviewDueProcessorDeps {
  getGrant(input: { grantId: string }): Promise<Grant | undefined>;
  notifier: Notifier;
}

/**
 * `review-due` (delayed until BREAK_GLASS_REVIEW_WITHIN after a break-glass started; one per grant, its job id the
 * grant's): reminds the approvers in the card's thread unless it has been reviewed since. The reminder is posted once
 * per grant however often the job runs (its id is the notification's), and nothing changes in the database.
 */
export function reviewDueProcessor(deps: ReviewDueProcessorDeps) {
  return async (job: Job): Promise<string> => {
    const { grantId } = job.data as { grantId: string };
    const grant = await deps.getGrant({ grantId });
    if (!grant) throw new UnrecoverableError(`grant_not_found: there is no grant ${grantId} to remind about`);
    if (!grant.breakGlass || grant.review) return 'unchanged: reviewed';
    await markPermanentFailures(() =>
      deps.notifier.notify({ grantId, eventId: reviewReminderKey(grantId), type: BREAK_GLASS_REVIEW_DUE }),
    );
    return 'reminded';
  };
}
