import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { FailureBackoff } from './failure-backoff.ts';

/**
 * A real `jira:issue_updated` delivery carries the whole issue: every text field may hold Jira's 32,767 characters
 * (jira.text.field.character.limit), plus comments, changelog and custom fields, so 100 KB is ordinary and a few MB
 * happen. Jira does not redeliver a 4xx, so a refused delivery is a missed closure: accept up to 10 MB.
 */
const WEBHOOK_BODY_LIMIT = '10mb';

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
  /** Ends the ticket's grants (after confirming with Jira); what it answers is returned to Jira as the body. */
  onTicketClosed(input: { ticketKey: string; ticketStatus: string }): Promise<object>;
  logger: Logger;
  /** Makes a source that keeps sending bad signatures wait; one per route unless a test passes its own. */
  backoff?: FailureBackoff;
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
  const backoff = deps.backoff ?? new FailureBackoff();
  /** Answers a bad secret: 401, or 429 with Retry-After once the source has failed too often in a row. */
  const refuse = (req: express.Request, res: express.Response) => {
    const source = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const alreadyWaiting = backoff.waitMs(source) > 0;
    const { failures, waitMs } = backoff.fail(source);
    // Logged per failure until the source is made to wait, then once per wait, so a guesser cannot flood the log.
    if (!alreadyWaiting) deps.logger.warn({ source, failures, waitMs }, 'Jira webhook with a bad or missing secret');
    if (waitMs === 0) {
      res.status(401).json({ error: { code: 'unauthenticated', message: 'bad or missing webhook secret' } });
      return;
    }
    res
      .status(429)
      .set('retry-after', String(Math.ceil(waitMs / 1000)))
      .json({
        error: {
          code: 'rate_limited',
          message: `too many deliveries with a bad secret from this address; try again in ${Math.ceil(waitMs / 1000)} s`,
        },
      });
  };
  router.post(
    '/webhooks/jira',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res, next) => {
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        // A right secret is always accepted, even from a source that is waiting: Jira Cloud sends from addresses it
        // shares with every other Jira site, so making it wait for someone else's guesses would lose closures.
        if (!authentic(req, raw, deps.secret)) {
          refuse(req, res);
          return;
        }
        backoff.succeed(req.ip ?? req.socket.remoteAddress ?? 'unknown');
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
        const outcome = await deps.onTicketClosed({
          ticketKey: parsed.issue.key,
          ticketStatus: status?.name ?? 'Done',
        });
        res.status(200).json({ ignored: false, ...outcome });
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
          .json({ error: { code: 'payload_too_large', message: 'Jira webhook bodies are limited to 10 MB' } });
        return;
      }
      next(error);
    },
  );
  return router;
}
