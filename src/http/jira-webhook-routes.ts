import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';

/** Jira's own webhook payloads are small; anything bigger than this is not one of them. */
const WEBHOOK_BODY_LIMIT = '64kb';

/** The part of Jira's `jira:issue_updated` payload Grantdesk reads. */
const issueEvent = z.object({
  webhookEvent: z.string(),
  issue: z
    .object({
      key: z.string(),
      fields: z
        .object({
          status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

export interface JiraWebhookDeps {
  secret: string;
  onTicketClosed(input: { ticketKey: string; ticketStatus: string }): Promise<unknown>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Jira Cloud signs webhook bodies (`X-Hub-Signature: sha256=<HMAC of the body>` with the webhook's secret); Data
 * Center cannot sign, so it may put the secret in the URL instead (`/webhooks/jira?secret=…`). Either proves the
 * caller knows JIRA_WEBHOOK_SECRET.
 */
function authentic(req: express.Request, raw: Buffer, secret: string): boolean {
  const signature = req.get('x-hub-signature');
  if (signature) {
    const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    return sameSecret(signature, expected);
  }
  return typeof req.query.secret === 'string' && sameSecret(req.query.secret, secret);
}

/** POST /webhooks/jira: a ticket moved to a Done category ends its grants at once; every other event is ignored. */
export function jiraWebhookRoutes(deps: JiraWebhookDeps): Router {
  const router = express.Router();
  router.post(
    '/webhooks/jira',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res, next) => {
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (!authentic(req, raw, deps.secret)) {
          res.status(401).json({ error: { code: 'unauthenticated', message: 'bad or missing webhook secret' } });
          return;
        }
        let parsed: z.infer<typeof issueEvent> | undefined;
        try {
          parsed = issueEvent.parse(JSON.parse(raw.toString('utf8')));
        } catch {
          res.status(400).json({ error: { code: 'invalid_input', message: 'expected a Jira webhook JSON payload' } });
          return;
        }
        const status = parsed.issue?.fields?.status;
        const closed = parsed.webhookEvent === 'jira:issue_updated' && status?.statusCategory?.key === 'done';
        if (!closed || !parsed.issue) {
          res.status(202).json({ ignored: true });
          return;
        }
        await deps.onTicketClosed({ ticketKey: parsed.issue.key, ticketStatus: status?.name ?? 'Done' });
        res.status(200).json({ ignored: false });
      } catch (error) {
        next(error);
      }
    },
  );
  // The body limit is enforced by express.raw; answer its refusal in the API's JSON shape.
  router.use(
    '/webhooks/jira',
    (error: { type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (error?.type === 'entity.too.large') {
        res
          .status(413)
          .json({ error: { code: 'payload_too_large', message: 'Jira webhook bodies are limited to 64 KB' } });
        return;
      }
      next(error);
    },
  );
  return router;
}
