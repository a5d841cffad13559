import { startAuditForwarder } from '../../jobs/audit-forwarder.ts';
import { startConsoleWebhook } from '../../jobs/console-webhook-forwarder.ts';
import { JiraTicketCommenter } from '../../jobs/jira-ticket-commenter.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { startRetentionSchedule } from '../../jobs/retention-schedule.ts';
import { startTicketRecheck } from '../../jobs/ticket-recheck-schedule.ts';
import { createOperatorServices } from '../app/operator-services.ts';
import type { Notifier } from '../domain/notification.ts';
import { SlackNotifier } from '../slack/slack-notifier.ts';
import { SlackPoster } from '../slack/slack-poster.ts';
import { randomIds, systemClock } from '../system-clock.ts';
import { startComplianceFeature } from './compliance-feature.ts';
import type { Wiring } from './wiring.ts';

/**
 * The workers: the queued jobs (notify, expire, warn, Jira comments), the Jira re-check, the audit purge, the
 * compliance schedules and the two webhook forwarders, each only when its settings are there.
 */
export async function startWorkersFeature(wiring: Wiring): Promise<void> {
  const { config, logger, shutdown, sequelize, databaseUrl, stores, services, tracker } = wiring;
  const jira = Boolean(config.jira.baseUrl);
  if (!jira)
    logger.warn('JIRA_BASE_URL is not set: this worker leaves jira-comment jobs queued for a process that has it');
  const jobs = await startJobRunner({
    backend: wiring.queueBackend,
    services,
    policy: config.grants,
    sequelize,
    databaseUrl,
    notifier: slackNotifierFrom(wiring),
    commenter: jira ? new JiraTicketCommenter({ grants: stores.grants, audit: stores.audit, tracker }) : null,
    clock: systemClock,
    logger,
    reconcileIntervalMs: config.reconcileIntervalMs,
  });
  shutdown.add(() => jobs.close());
  if (jira) {
    const recheck = () => services.recheckTickets();
    const tickets = startTicketRecheck({ sequelize, intervalMs: config.jira.recheckIntervalMs, recheck, logger });
    shutdown.add(() => tickets.stop());
  }
  const { retentionDays, purgeCron, webhookUrl, webhookSecret } = config.audit;
  const { purgeAudit: purge } = createOperatorServices({
    stores,
    clock: systemClock,
    ids: randomIds,
    retention: { defaultDays: retentionDays, keepUnforwarded: Boolean(webhookUrl) },
  });
  const retention = startRetentionSchedule({ cron: purgeCron, purge, logger });
  shutdown.add(() => retention.stop());
  startComplianceFeature(wiring);
  const consoleWebhook = config.consoleWebhook;
  if (consoleWebhook.url && consoleWebhook.secret) {
    const webhook = { url: consoleWebhook.url, secret: consoleWebhook.secret };
    const forwarder = startConsoleWebhook({ sequelize, services, webhook, clock: systemClock, logger });
    shutdown.add(() => forwarder.stop());
  }
  if (webhookUrl && webhookSecret) {
    const webhook = { url: webhookUrl, secret: webhookSecret };
    const forwarder = startAuditForwarder({ sequelize, services, webhook, clock: systemClock, logger });
    shutdown.add(() => forwarder.stop());
  }
}

/** Without a bot token or an approver channel nothing is told in Slack; the notify jobs wait for a worker that can. */
function slackNotifierFrom({ config, logger, stores, services, slack }: Wiring): Notifier | null {
  const { approverChannelId } = config.slack;
  if (!slack.client || !approverChannelId) return null;
  return new SlackNotifier({
    poster: new SlackPoster(slack.client, stores.slackDeliveries),
    grants: stores.grants,
    audit: stores.audit,
    deliveries: stores.slackDeliveries,
    attachCard: services.attachCard,
    cards: stores.approverCards,
    approverChannelId,
    complianceChannelId: config.slack.complianceChannelId,
    escalationChannelId: config.slack.escalationChannelId,
    approvers: config.approvers,
    policy: config.grants,
    clock: systemClock,
    logger: logger.child({ component: 'slack-notifier' }),
  });
}
