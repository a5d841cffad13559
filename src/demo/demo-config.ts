/**
 * Grantdesk's configuration for the demo, made the only way any configuration is made: loadConfig over a set of
 * environment variables, here pointing at the demo's own Postgres, Slack sandbox and Jira.
 */
import { fileURLToPath } from 'node:url';
import { type Config, loadConfig } from '../config.ts';
import { formatDuration } from '../domain/duration.ts';
import { APPROVER_CHANNEL_ID, approverIds, auditorIds, COMPLIANCE_CHANNEL_ID } from './demo-workspace.ts';

/** Not secrets: the sandbox and the demo Jira accept nothing else, and both listen on 127.0.0.1 only. */
export const DEMO_BOT_TOKEN = 'xoxb-grantdesk-demo-sandbox';
export const DEMO_JIRA_PAT = 'grantdesk-demo-jira-token';
/** The example access policy (docs/policy.md): tiers sandbox, standard and regulated, regions us and eu. */
export const DEMO_POLICY_DIR = fileURLToPath(new URL('../../examples/policy/', import.meta.url));

export interface DemoEndpoints {
  databaseUrl: string;
  slackApiUrl: string;
  jiraUrl: string;
  signingSecret: string;
  /** JIRA_WEBHOOK_SECRET: the demo Jira signs its deliveries to /webhooks/jira with it. */
  jiraWebhookSecret?: string;
  /** Only when REDIS_URL is set: otherwise BullMQ runs on Postgres. */
  redisUrl?: string | undefined;
  logLevel?: string;
  /** A shortest grant below the demo's 2 minutes (GRANT_MIN_DURATION set shorter), to watch an expiry sooner. */
  minDurationMs?: number | undefined;
}

/** Short enough to watch a grant be warned about and expire while trying the demo. */
const DEMO_MIN_DURATION_MS = 2 * 60_000;

export function demoConfig(endpoints: DemoEndpoints): Config {
  return loadConfig({
    DATABASE_URL: endpoints.databaseUrl,
    SLACK_API_URL: endpoints.slackApiUrl,
    SLACK_BOT_TOKEN: DEMO_BOT_TOKEN,
    SLACK_SIGNING_SECRET: endpoints.signingSecret,
    APPROVER_CHANNEL_ID,
    COMPLIANCE_CHANNEL_ID,
    APPROVER_USER_IDS: approverIds().join(','),
    AUDITOR_USER_IDS: auditorIds().join(','),
    JIRA_BASE_URL: endpoints.jiraUrl,
    JIRA_PAT: DEMO_JIRA_PAT,
    ...(endpoints.jiraWebhookSecret ? { JIRA_WEBHOOK_SECRET: endpoints.jiraWebhookSecret } : {}),
    JIRA_PROJECTS: 'OPS',
    POLICY_DIR: DEMO_POLICY_DIR,
    // Any free port: the sandbox is told where the app listens.
    PORT: '0',
    LOG_LEVEL: endpoints.logLevel ?? 'warn',
    BULLMQ_PREFIX: 'grantdesk-demo',
    GRANT_MIN_DURATION: formatDuration(Math.min(endpoints.minDurationMs ?? DEMO_MIN_DURATION_MS, DEMO_MIN_DURATION_MS)),
    EXPIRY_WARNING: '1m',
    // Short enough to see an unreviewed break-glass reminded in its card's thread while trying the demo.
    BREAK_GLASS_REVIEW_WITHIN: '5m',
    // A request left waiting two minutes gets a reminder in its card's thread, mentioning the approvers.
    APPROVAL_REMINDER: '2m',
    ...(endpoints.redisUrl ? { REDIS_URL: endpoints.redisUrl } : {}),
  });
}
