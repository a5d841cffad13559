import express, { type Router } from 'express';
import { SessionStates } from '../db/session-states.ts';
import { apiRoutes } from '../http/api-routes.ts';
import { healthRoutes } from '../http/health-routes.ts';
import { jiraWebhookRoutes } from '../http/jira-webhook-routes.ts';
import { measureHttp } from '../http/metrics-routes.ts';
import { withSessionCheck } from '../http/session-check-handler.ts';
import { createSlackApp } from '../slack/slack-app.ts';
import { SlackPeopleDirectory } from '../slack/slack-people-directory.ts';
import { systemClock } from '../system-clock.ts';
import { listenOn } from './listen-on.ts';
import type { Wiring } from './wiring.ts';

/**
 * The HTTP side of `serve` on PORT: health probes, /metrics (unless on its own port), Slack's requests (HTTP mode),
 * the Jira webhook (with JIRA_WEBHOOK_SECRET) and the REST API, its session check first. Resolves with the port it
 * listens on.
 */
export async function startHttpFeature(wiring: Wiring, metrics: { router: Router; port: number | null }) {
  const { config, logger, shutdown, sequelize, databaseUrl, stores, services, queueBackend } = wiring;
  const app = express();
  app.disable('x-powered-by');
  app.use(measureHttp());
  app.use(
    healthRoutes([
      { name: 'postgres', check: async () => void (await sequelize.query('SELECT 1')) },
      { name: 'queue', check: () => queueBackend.ping() },
    ]),
  );
  if (metrics.port === null) app.use(metrics.router);
  const slackRouter = await startSlackListeners(wiring);
  if (slackRouter) app.use(slackRouter);
  const { webhookSecret } = config.jira;
  if (webhookSecret) {
    const onTicketClosed = (input: { ticketKey: string; ticketStatus: string }) =>
      services.endGrantsForWebhookClosure(input);
    app.use(jiraWebhookRoutes({ secret: webhookSecret, onTicketClosed, logger }));
  }
  const sessionStates = new SessionStates({ databaseUrl, sequelize, logger });
  shutdown.add(() => sessionStates.close());
  await sessionStates.start();
  const api = apiRoutes({
    services,
    tokens: stores.tokens,
    clock: systemClock,
    logger,
    limits: config.api,
    sessionStates,
  });
  app.use(api.router);
  // The console gate is asked on every impersonated request: it is answered before Express routes the request
  // through the layers above (each costs CPU on every request), with the same answer.
  const port = await listenOn(withSessionCheck(api.sessionCheck, app), config.port, shutdown);
  logger.info({ port }, 'listening');
  return port;
}

/**
 * Slack's listeners, with a bot token and a signing secret. HTTP mode: the router Slack posts /slack/events to.
 * Socket Mode (SLACK_APP_TOKEN): a WebSocket, nothing to mount.
 */
async function startSlackListeners(wiring: Wiring): Promise<Router | null> {
  const { config, logger, shutdown, services, slack } = wiring;
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  if (!slack.client || !botToken || !signingSecret) return null;
  const ticketPolicy = { allowedProjects: config.jira.projects, requireOpen: config.jira.requireOpen };
  const people = new SlackPeopleDirectory(slack.client, systemClock);
  const deps = { services, policy: config.grants, access: slack.access, people, clock: systemClock, ticketPolicy };
  const app = createSlackApp({ botToken, signingSecret, appToken, apiUrl, logger, deps });
  await app.start();
  shutdown.add(() => app.stop());
  return app.router;
}
