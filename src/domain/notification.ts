import type { AuditEventType } from './audit-event.ts';

/**
 * The reminder sent EXPIRY_WARNING before a grant expires. It is not an audit event (nothing changed), so it has a
 * type of its own; its `eventId` is the warn job's outbox key, `warn:<grantId>:<expiryVersion>`, which is stable
 * across retries: a notifier can use it to send the warning once.
 */
export const EXPIRY_WARNING = 'EXPIRY_WARNING';

/**
 * The reminder that a break-glass is still unreviewed BREAK_GLASS_REVIEW_WITHIN after it started. Not an audit event
 * either; its `eventId` is the reminder job's key, `review-due:<grantId>`.
 */
export const BREAK_GLASS_REVIEW_DUE = 'BREAK_GLASS_REVIEW_DUE';

export type NotificationType = AuditEventType | typeof EXPIRY_WARNING | typeof BREAK_GLASS_REVIEW_DUE;

/** What the notify and warn jobs hand over: ids only; the notifier loads what it shows. */
export interface Notification {
  grantId: string;
  /** The audit event's id, or for EXPIRY_WARNING the warn job's outbox key. */
  eventId: string;
  type: NotificationType;
}

/**
 * Tells people in Slack (updates the card, DMs the requester, replies in the thread). Implemented by the Slack
 * adapter (who is told what: notification-plan.ts); jobs/ only calls it. Delivery is at least once: a retried job calls it again with the same eventId.
 * Throw a GrantdeskError or a PermanentDeliveryError for a permanent failure (the job is not retried); any other
 * error is retried with backoff.
 */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

/**
 * The channel refused a notification for good (Slack's channel_not_found, invalid_blocks…): retrying cannot help.
 * The notifier throws it after carrying out every other step; the notify job ends without a retry.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';

  constructor(
    message: string,
    /** The channel's own error codes, one per refused step. */
    readonly refusals: readonly string[],
  ) {
    super(message);
  }
}

export function expiryWarningEventId(grantId: string, version: number): string {
  return `warn:${grantId}:${version}`;
}
