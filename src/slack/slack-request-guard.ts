/**
 * What Bolt's ExpressReceiver gets wrong at the door of /slack/events, put right before it runs:
 * - Slack checks a slash command's certificate with an unsigned POST of `ssl_check=1`, and expects a 200
 *   (https://docs.slack.dev/interactivity/implementing-slash-commands); the receiver verifies it first and answers 401.
 * - The receiver refuses a timestamp more than 5 minutes old but accepts any in the future, so a signed request
 *   could be replayed for as long as its sender chose. Slack's rule is five minutes either way.
 * The body is read once here and handed on as `rawBody`, which the receiver uses instead of reading the stream.
 */
import express, { type RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

/** Slack's own replay window (https://docs.slack.dev/authentication/verifying-requests-from-slack). */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;
/** Bolt's own limit for a request body (HTTPModuleFunctions.defaultBodyLimit). */
const SLACK_BODY_LIMIT = '4mb';

const isSslCheck = (req: express.Request, body: Buffer): boolean =>
  req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' &&
  new URLSearchParams(body.toString('utf8')).get('ssl_check') === '1';

export function slackRequestGuard(logger: Logger): RequestHandler[] {
  const guard: RequestHandler = (req, res, next) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (isSslCheck(req, body)) {
      res.status(200).send();
      return;
    }
    const timestamp = Number(req.get('x-slack-request-timestamp'));
    if (Number.isFinite(timestamp) && timestamp > Date.now() / 1000 + SLACK_TIMESTAMP_WINDOW_SECONDS) {
      logger.warn({ timestamp }, 'Slack request refused: its timestamp is more than 5 minutes in the future');
      res.status(401).send();
      return;
    }
    (req as express.Request & { rawBody?: Buffer }).rawBody = body;
    next();
  };
  return [express.raw({ type: () => true, limit: SLACK_BODY_LIMIT }), guard];
}
