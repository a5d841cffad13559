import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../clients/console/src/verify-webhook.ts';
import { signConsoleWebhook } from '../../src/http/console-webhook.ts';

const SECRET = 'console-webhook-secret';
const NOW = new Date('2026-11-02T10:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const BODY = JSON.stringify({ id: 42, type: 'session.ended', occurredAt: NOW, session: { id: 's-1' } });

describe('verifyWebhook (console client) against what Grantdesk signs', () => {
  it('accepts a delivery signed by Grantdesk with the shared secret, as text or bytes', () => {
    const header = signConsoleWebhook(SECRET, T, BODY);
    expect(verifyWebhook(BODY, header, SECRET, NOW)).toEqual({ ok: true });
    expect(verifyWebhook(Buffer.from(BODY), header, SECRET, new Date(NOW.getTime() + 299_000))).toEqual({ ok: true });
  });

  it('refuses a forged signature, another secret, a changed body and a malformed or missing header', () => {
    const header = signConsoleWebhook(SECRET, T, BODY);
    expect(verifyWebhook(BODY, header, 'another-secret', NOW)).toMatchObject({ ok: false });
    expect(verifyWebhook(BODY.replace('ended', 'started'), header, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: 'signature does not match',
    });
    expect(verifyWebhook(BODY, `t=${T},v1=${'0'.repeat(64)}`, SECRET, NOW)).toMatchObject({ ok: false });
    // The time is signed with the body: moving it breaks the signature.
    expect(verifyWebhook(BODY, header.replace(`t=${T}`, `t=${T + 600}`), SECRET, NOW)).toMatchObject({ ok: false });
    expect(verifyWebhook(BODY, 'v1=abc', SECRET, NOW)).toMatchObject({ ok: false, reason: /malformed/ });
    expect(verifyWebhook(BODY, undefined, SECRET, NOW)).toMatchObject({ ok: false, reason: /no Grantdesk-Signature/ });
  });

  it('refuses a genuine delivery replayed more than 5 minutes after it was signed', () => {
    const header = signConsoleWebhook(SECRET, T, BODY);
    const replayedAt = new Date(NOW.getTime() + 301_000);
    expect(verifyWebhook(BODY, header, SECRET, replayedAt)).toMatchObject({ ok: false, reason: /signed 301 s/ });
  });
});
