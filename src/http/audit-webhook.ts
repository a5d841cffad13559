import { createHmac } from 'node:crypto';
import type { AuditEvent } from '../domain/audit-event.ts';

export const SIGNATURE_HEADER = 'X-Grantdesk-Signature';
export const TIMESTAMP_HEADER = 'X-Grantdesk-Timestamp';

/**
 * `sha256=` and the hex HMAC-SHA256, keyed with AUDIT_WEBHOOK_SECRET, of `<timestamp>.<raw body>`. The timestamp
 * (unix seconds, also sent in its own header) is signed with the body so a captured delivery cannot be replayed
 * later as new; receivers should refuse timestamps more than a few minutes old.
 */
export function signAuditWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** POSTs `{events}` to the receiver; resolves on 2xx, throws on anything else, an unreachable host or a timeout. */
export async function postAuditBatch(
  webhook: { url: string; secret: string; timeoutMs: number },
  events: AuditEvent[],
  at: Date,
): Promise<void> {
  const body = JSON.stringify({ events });
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signAuditWebhook(webhook.secret, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(webhook.timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`audit webhook answered ${response.status}`);
}
