/**
 * Wiring only: config → adapters → use cases → routes and workers → start. Decides nothing; every piece it builds
 * is tested on its own. `serve` starts the HTTP side and the workers, `worker` only the workers.
 */
import type { Server } from 'node:http';
import express from 'express';
import { startAuditForwarder } from '../jobs/audit-forwarder.ts';
import { startComplianceJobs } from '../jobs/compliance-jobs.ts';
import { startConsoleWebhook } from '../jobs/console-webhook-forwarder.ts';
import { JiraTicketCommenter } from '../jobs/jira-ticket-commenter.ts';
import { startJobRunner } from '../jobs/job-runner.ts';
import type { Notifier } from '../jobs/notifier.ts';
import { openQueueBackend } from '../jobs/open-queue-backend.ts';
import { QueueNames } from '../jobs/queue-names.ts';
import { Queues } from '../jobs/queues.ts';
import { startRetentionSchedule } from '../jobs/retention-schedule.ts';
import { startTicketRecheck } from '../jobs/ticket-recheck-schedule.ts';
import { complianceSettingsFrom, createComplianceServices } from './app/compliance-services.ts';
import { endGrantsForWebhookClosure } from './app/end-grants-for-webhook-closure.ts';
import { purgeAudit } from './app/purge-audit.ts';
import { recheckTickets } from './app/recheck-tickets.ts';
import { recordPolicyLoaded, reloadAccessPolicy } from './app/reload-access-policy.ts';
import { createServices, type Services } from './app/services.ts';
import { type Config, ConfigError } from './config.ts';
import { checkDatabase, createSequelize } from './db/database.ts';
import { migrateUp } from './db/migrator.ts';
import { SessionStates } from './db/session-states.ts';
import { apiRoutes } from './http/api-routes.ts';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.ts';
import { jiraWebhookRoutes } from './http/jira-webhook-routes.ts';
import { measureHttp, metricsRoutes } from './http/metrics-routes.ts';
import { JiraTicketTracker } from './jira/jira-ticket-tracker.ts';
import { unconfiguredTicketTracker } from './jira/unconfigured-ticket-tracker.ts';
import type { Logger } from './logger.ts';
import { ConfiguredGroupDirectory } from './policy/configured-group-directory.ts';
import { loadAccessPolicy } from './policy/load-access-policy.ts';
import { formatProblem } from './policy/policy-folder.ts';
import { ReloadableAccessPolicy } from './policy/reloadable-access-policy.ts';
import { SlackAccessDirectory } from './slack/slack-access-directory.ts';
import { createSlackApp } from './slack/slack-app.ts';
import { SlackCompliancePoster } from './slack/slack-compliance-poster.ts';
import { SlackNotifier } from './slack/slack-notifier.ts';
import { SlackPeopleDirectory } from './slack/slack-people-directory.ts';
import { SlackPoster } from './slack/slack-poster.ts';
import { slackWebClient } from './slack/slack-web-client.ts';
import { randomIds, systemClock } from './system-clock.ts';

export interface RunningGrantdesk {
  services: Services;
  /** The port the HTTP server listens on (when it runs). */
  port: number | null;
  /** The port /metrics listens on when METRICS_PORT is set. */
  metricsPort: number | null;
  /** Reloads POLICY_DIR (SIGHUP); a set with problems is refused and the one in force stays. */
  reloadPolicy(): Promise<{ outcome: 'loaded' | 'unchanged' | 'kept'; problems: string[] }>;
  close(): Promise<void>;
}

/** Things to stop at shutdown, in reverse order of start. */
type Closer = () => Promise<unknown>;

export async function startGrantdesk(
  config: Config,
  logger: Logger,
  mode: { http: boolean; workers: boolean },
): Promise<RunningGrantdesk> {
  const closers: Closer[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((error) => logger.warn({ error }, 'close failed'));
  };
  try {
    const databaseUrl = config.databaseUrl as string;
    const sequelize = createSequelize(databaseUrl, logger);
    closers.push(() => sequelize.close());
    await checkDatabase(sequelize, databaseUrl);
    const applied = await migrateUp(sequelize, logger);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    // `serve` requires JIRA_BASE_URL; a `worker` may run without it and then leaves ticket comments to others.
    const tracker = config.jira.baseUrl
      ? new JiraTicketTracker({
          baseUrl: config.jira.baseUrl,
          ...(config.jira.auth?.kind === 'basic'
            ? { email: config.jira.auth.email, apiToken: config.jira.auth.apiToken }
            : {}),
          ...(config.jira.auth?.kind === 'bearer' ? { pat: config.jira.auth.token } : {}),
          timeoutMs: config.jira.timeoutMs,
        })
      : unconfiguredTicketTracker;
    // Without a bot token (a `worker` beside a `serve` that has one) nobody is an approver here and nothing is told.
    const { botToken, signingSecret, appToken, apiUrl, approverChannelId, usergroupCacheMs } = config.slack;
    const slackClient = botToken ? slackWebClient({ botToken, apiUrl, logger }) : null;
    const slackAccess = slackClient
      ? new SlackAccessDirectory(slackClient, config, usergroupCacheMs, systemClock)
      : null;
    const access = slackAccess ?? { isApprover: async () => false, isAuditor: async () => false };
    const ticketPolicy = { allowedProjects: config.jira.projects, requireOpen: config.jira.requireOpen };
    const loadPolicy = () => loadAccessPolicy({ policyDir: config.policy.dir, approverChannelId, ...config.grants });
    const loaded = await loadPolicy();
    if (!loaded.ok) throw new ConfigError(loaded.problems.map((problem) => `POLICY_DIR: ${formatProblem(problem)}`));
    const accessPolicy = new ReloadableAccessPolicy(loaded.policy);
    const services = createServices({
      sequelize,
      tracker,
      access,
      clock: systemClock,
      ids: randomIds,
      policy: config.grants,
      ticketPolicy,
      accessPolicy,
      groups: new ConfiguredGroupDirectory(access, slackAccess),
      timeZone: config.digest.timezone,
    });
    const policyDeps = { unitOfWork: services.unitOfWork, ids: randomIds, clock: systemClock };
    // The process that decides requests records the set it decides with; a worker decides none.
    if (mode.http) await recordPolicyLoaded(policyDeps, { ...loaded, trigger: 'start' });
    const { complianceChannelId } = config.slack;
    const compliancePoster =
      slackClient && complianceChannelId
        ? new SlackCompliancePoster(slackClient, { channelId: complianceChannelId, auditors: config.auditors })
        : null;
    const reloadPolicy = () =>
      reloadAccessPolicy({
        ...policyDeps,
        holder: accessPolicy,
        load: loadPolicy,
        warn: async (text, problems) => {
          logger.error({ problems }, text);
          await compliancePoster
            ?.postPolicyProblems(text, problems)
            .catch((error) => logger.warn({ error }, 'could not tell the compliance channel'));
        },
      });

    const queueBackend = await openQueueBackend({
      redisUrl: config.queue.redisUrl,
      databaseUrl,
      prefix: config.queue.prefix,
      logger,
    });
    closers.push(() => queueBackend.close());

    const metricsQueues = new Queues(queueBackend);
    closers.push(() => metricsQueues.close());
    const metrics = metricsRoutes({
      sequelize,
      queueCounts: async () => {
        const names = Object.values(QueueNames);
        const counts = await Promise.all(
          names.map((name) => metricsQueues.queue(name).getJobCounts('waiting', 'delayed', 'active', 'failed')),
        );
        return Object.fromEntries(names.map((name, i) => [name, counts[i] ?? {}]));
      },
    });
    let metricsPort: number | null = null;
    if (config.metricsPort !== undefined) {
      // Its own port, so Prometheus can scrape a network the public endpoints are not on.
      const metricsApp = express();
      metricsApp.disable('x-powered-by');
      metricsApp.use(metrics);
      const metricsServer = await listen(metricsApp, config.metricsPort);
      closers.push(() => closeServer(metricsServer));
      metricsPort = (metricsServer.address() as { port: number }).port;
      logger.info({ port: metricsPort }, 'metrics listening');
    }

    const readiness: ReadinessCheck[] = [
      { name: 'postgres', check: async () => void (await sequelize.query('SELECT 1')) },
      { name: 'queue', check: () => queueBackend.ping() },
    ];

    const slackNotifier = (): Notifier | null =>
      slackClient && approverChannelId
        ? new SlackNotifier({
            poster: new SlackPoster(slackClient, services.slackDeliveries),
            grants: services.grants,
            audit: services.audit,
            deliveries: services.slackDeliveries,
            attachCard: services.attachCard,
            cards: services.approverCards,
            approverChannelId,
            policy: config.grants,
            clock: systemClock,
            logger: logger.child({ component: 'slack-notifier' }),
          })
        : null;

    if (mode.workers) {
      if (!config.jira.baseUrl) {
        logger.warn('JIRA_BASE_URL is not set: this worker leaves jira-comment jobs queued for a process that has it');
      }
      const jobs = await startJobRunner({
        backend: queueBackend,
        services,
        sequelize,
        databaseUrl,
        notifier: slackNotifier(),
        commenter: config.jira.baseUrl
          ? new JiraTicketCommenter({ grants: services.grants, audit: services.audit, tracker })
          : null,
        clock: systemClock,
        logger,
        reconcileIntervalMs: config.reconcileIntervalMs,
      });
      closers.push(() => jobs.close());
      if (config.jira.baseUrl) {
        const recheck = () => recheckTickets({ ...services, tracker });
        const tickets = startTicketRecheck({ sequelize, intervalMs: config.jira.recheckIntervalMs, recheck, logger });
        closers.push(() => tickets.stop());
      }
      const { retentionDays, purgeCron, webhookUrl, webhookSecret } = config.audit;
      const purge = () =>
        purgeAudit({
          sequelize,
          clock: systemClock,
          ids: randomIds,
          defaultRetentionDays: retentionDays,
          keepUnforwarded: Boolean(webhookUrl),
        });
      const retention = startRetentionSchedule({ cron: purgeCron, purge, logger });
      closers.push(() => retention.stop());
      if (compliancePoster) {
        const poster = compliancePoster;
        const ports = { sequelize, clock: systemClock, ids: randomIds, settings: complianceSettingsFrom(config) };
        const compliance = createComplianceServices({ ...ports, poster });
        const { cron: digestCron, timezone } = config.digest;
        const { runDigest, scanAnomalies } = compliance;
        const schedules = { digestCron, anomalyCron: config.anomaly.cron, timezone };
        const complianceJobs = startComplianceJobs({
          backend: queueBackend,
          runDigest,
          scanAnomalies,
          ...schedules,
          logger,
        });
        closers.push(complianceJobs.stop);
      } else {
        logger.warn('COMPLIANCE_CHANNEL_ID or SLACK_BOT_TOKEN is not set: no weekly digest or anomaly alerts');
      }
      const consoleWebhook = config.consoleWebhook;
      if (consoleWebhook.url && consoleWebhook.secret) {
        const webhook = { url: consoleWebhook.url, secret: consoleWebhook.secret };
        const forwarder = startConsoleWebhook({ sequelize, sessions: services, webhook, clock: systemClock, logger });
        closers.push(() => forwarder.stop());
      }
      if (webhookUrl && webhookSecret) {
        const webhook = { url: webhookUrl, secret: webhookSecret };
        const forwarder = startAuditForwarder({ sequelize, webhook, clock: systemClock, logger });
        closers.push(() => forwarder.stop());
      }
    }

    let port: number | null = null;
    if (mode.http) {
      const app = express();
      app.disable('x-powered-by');
      app.use(measureHttp());
      app.use(healthRoutes(readiness));
      if (config.metricsPort === undefined) app.use(metrics);
      if (slackClient && botToken && signingSecret) {
        const slack = createSlackApp({
          botToken,
          signingSecret,
          appToken,
          apiUrl,
          logger,
          deps: {
            services,
            access,
            people: new SlackPeopleDirectory(slackClient, systemClock),
            clock: systemClock,
            ticketPolicy,
          },
        });
        // HTTP mode: Slack posts to /slack/events on this server. Socket Mode: a WebSocket, nothing mounted.
        if (slack.router) app.use(slack.router);
        await slack.start();
        closers.push(() => slack.stop());
      }
      if (config.jira.webhookSecret) {
        const onTicketClosed = (input: { ticketKey: string; ticketStatus: string }) =>
          endGrantsForWebhookClosure({ ...services, tracker }, input);
        app.use(jiraWebhookRoutes({ secret: config.jira.webhookSecret, onTicketClosed, logger }));
      }
      const sessionStates = new SessionStates({ databaseUrl, sequelize, logger });
      closers.push(() => sessionStates.close());
      await sessionStates.start();
      app.use(apiRoutes({ services, clock: systemClock, logger, limits: config.api, sessionStates }));
      const server = await listen(app, config.port);
      closers.push(() => closeServer(server));
      port = (server.address() as { port: number }).port;
      logger.info({ port }, 'listening');
    }
    return { services, port, metricsPort, reloadPolicy, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
