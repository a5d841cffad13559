import type { Logger } from '../src/logger.ts';
import type { Notification, Notifier } from './notifier.ts';

/**
 * Stands in for the Slack notifier until it exists: logs what would be sent, so the notify queue drains and the
 * wiring is exercised end to end. Replace it in src/main.ts with the Slack adapter.
 */
export class LoggingNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async notify(notification: Notification): Promise<void> {
    this.logger.debug({ notification }, 'notification (no Slack notifier wired yet)');
  }
}
