import { createHmac } from 'node:crypto';
import type { ConsoleEvent } from '../app/session-events.ts';

export const CONSOLE_SIGNATURE_HEADER = 'Grantdesk-Signature';
export const CONSOLE_EVENT_ID_HEADER = 'Grantdesk-Event-Id';

/**
 * DESIGN.md §5: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with CONSOLE_WEBHOOK_SECRET. The
 * time is signed with the body, so a captured delivery replayed later fails the receiver's freshness check.
 */
export function signConsoleWebhook(secret: string, unixSeconds: number, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** The body of one delivery: `{"id", "type", "occurredAt", "session"}`; `id` is the event's audit seq. */
export function consoleWebhookBody(event: ConsoleEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, session: event.session });
}

/** POSTs one event; resolves on 2xx, throws on anything else, an unreachable host or a timeout. */
export async function postConsoleEvent(
  webhook: { url: string; secret: string; timeoutMs: number },
  event: ConsoleEvent,
  at: Date,
): Promise<void> {
  const body = consoleWebhookBody(event);
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      [CONSOLE_SIGNATURE_HEADER]: signConsoleWebhook(webhook.secret, Math.floor(at.getTime() / 1000), body),
      [CONSOLE_EVENT_ID_HEADER]: String(event.id),
    },
    body,
    signal: AbortSignal.timeout(webhook.timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`console webhook answered ${response.status}`);
}
