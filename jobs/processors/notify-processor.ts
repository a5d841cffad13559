import type { Job } from 'bullmq';
import type { Notification, Notifier } from '../../src/domain/notification.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

/** `notify`: hands one audit event to the Slack notifier, which loads what it shows. */
export function notifyProcessor(deps: { notifier: Notifier }) {
  return async (job: Job): Promise<string> => {
    const { grantId, eventId, type } = job.data as Notification;
    await markPermanentFailures(() => deps.notifier.notify({ grantId, eventId, type }));
    return 'notified';
  };
}
