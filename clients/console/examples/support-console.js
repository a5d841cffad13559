/**
 * A support console's Express app using the client, in plain JavaScript: the impersonated routes behind
 * requireImpersonation, a typed call, and the webhook receiver behind verifyWebhook.
 *
 *   GRANTDESK_URL=https://grantdesk.example.com GRANTDESK_TOKEN=… GRANTDESK_WEBHOOK_SECRET=… node support-console.js
 *
 * Prints `{"port": …}` once it listens and its cache is kept current by Grantdesk's stream.
 */

import { GrantdeskClient, requireImpersonation, verifyWebhook } from '@grantdesk/console-client';
import express from 'express';

const client = new GrantdeskClient({ baseUrl: process.env.GRANTDESK_URL, token: process.env.GRANTDESK_TOKEN });
// The session a request acts under; a real console keeps it in the staff member's own login session.
const impersonation = requireImpersonation({ client, sessionId: (req) => req.params.sessionId });

const app = express();

app.get('/tenant/:sessionId/profile', impersonation, (req, res) => {
  const { sessionId, tenant, targetUser, accessLevel, expiresAt } = req.impersonation;
  res.json({ sessionId, tenant, targetUser, accessLevel, expiresAt, acting: `as ${targetUser} on ${tenant}` });
});

app.post('/tenant/:sessionId/refund', impersonation, express.json(), async (req, res) => {
  res.json(await req.impersonation.recordAction(`Refunded invoice ${req.body.invoice}`));
});

app.get('/sessions/:sessionId/check', async (req, res) => {
  res.json(await client.checkSession(req.params.sessionId));
});

app.post('/grantdesk/webhook', express.raw({ type: 'application/json' }), (req, res) => {
  const verified = verifyWebhook(req.body, req.get('Grantdesk-Signature'), process.env.GRANTDESK_WEBHOOK_SECRET);
  if (!verified.ok) return res.status(400).json({ refused: verified.reason });
  // Delivery is at least once: de-duplicate by req.get('Grantdesk-Event-Id').
  res.status(204).end();
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', async () => {
  await impersonation.gate.whenStreaming();
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on('SIGTERM', async () => {
  await impersonation.close();
  server.close();
});
