import { createHmac, timingSafeEqual } from 'node:crypto';

/** Deliveries signed longer ago than this are refused as replays (Grantdesk signs each attempt afresh). */
export const REPLAY_WINDOW_SECONDS = 5 * 60;

export type WebhookVerification = { ok: true } | { ok: false; reason: string };

/**
 * Checks a Grantdesk console webhook: `header` is the Grantdesk-Signature value, `t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<raw body>">` keyed with CONSOLE_WEBHOOK_SECRET. Pass the body exactly as received (before
 * any JSON parsing). Refuses a wrong signature, and a right one older (or further ahead) than 5 minutes, so a
 * captured delivery cannot be replayed. De-duplicate accepted deliveries by the Grantdesk-Event-Id header.
 */
export function verifyWebhook(
  rawBody: string | Buffer,
  header: string | undefined | null,
  secret: string,
  now: Date = new Date(),
): WebhookVerification {
  if (!header) return { ok: false, reason: 'no Grantdesk-Signature header' };
  const fields = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !/^\d+$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) {
    return { ok: false, reason: 'malformed Grantdesk-Signature header' };
  }
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'signature does not match' };
  const ageSeconds = Math.abs(Math.floor(now.getTime() / 1000) - Number(t));
  if (ageSeconds > REPLAY_WINDOW_SECONDS) return { ok: false, reason: `signed ${ageSeconds} s away from now` };
  return { ok: true };
}
