import type { Notification, Notifier } from '../src/domain/notification.ts';
import { jobIdOf } from './outbox-job.ts';
import { QueueNames } from './queue-names.ts';
import type { Queues } from './queues.ts';

/**
 * For a process that cannot reach Slack (a `worker` without SLACK_BOT_TOKEN): hands each notification to the notify
 * queue, which only processes with Slack consume, under an id derived from the event, so a retried hand-over adds
 * nothing. The expiry warning is raised by a timed job any worker may run; this is how it still reaches Slack.
 */
export class QueuedNotifier implements Notifier {
  constructor(private readonly queues: Queues) {}

  async notify(notification: Notification): Promise<void> {
    await this.queues.addAll([
      {
        queue: QueueNames.notify,
        name: 'notify',
        jobId: jobIdOf(`notify:${notification.eventId}`),
        data: { ...notification },
        delay: 0,
      },
    ]);
  }
}
