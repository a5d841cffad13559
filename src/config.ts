/**
 * Grantdesk's configuration: the only place that reads process.env. Every variable is read and checked once, at
 * start, and every problem is reported together, one line each, naming the variable and what it should look like
 * (DESIGN.md §3, docs/configuration.md). Secrets are never echoed back.
 */
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import {
  boolean,
  businessHours,
  cron,
  directory,
  durationMs,
  integer,
  jiraBaseUrl,
  jiraProjects,
  list,
  logLevel,
  opaque,
  queuePrefix,
  secretOfAtLeast,
  slackApiUrl,
  slackId,
  timezone,
  url,
} from './config-parsers.ts';
import { type ConfigRequirement, missingSettings } from './config-requirements.ts';
import { A_DURATION, is, type Setting } from './config-setting.ts';
import type { Config, JiraAuth } from './config-shape.ts';
import { formatDuration } from './domain/duration.ts';

export { ConfigError } from './config-error.ts';
export type { BusinessHours, LogLevel } from './config-parsers.ts';
export type { ConfigRequirement } from './config-requirements.ts';
export type { Config, JiraAuth } from './config-shape.ts';

const SETTINGS = {
  DATABASE_URL: is(url(['postgres', 'postgresql']), 'a postgres:// connection string', { secret: true }),
  // Per process: every replica and worker holds this many, and Postgres' max_connections (often 100) covers them all.
  DATABASE_POOL_MAX: is(integer(2, 100), 'a whole number of connections from 2 to 100', { fallback: '10' }),
  REDIS_URL: is(url(['redis', 'rediss']), 'a redis:// or rediss:// URL', { secret: true }),
  BULLMQ_PREFIX: is(queuePrefix, 'up to 64 letters, digits or _.:-', { fallback: 'grantdesk' }),
  RECONCILE_INTERVAL: is(durationMs, A_DURATION, { fallback: '30s' }),
  PORT: is(integer(0, 65_535), 'a port number from 0 to 65535', { fallback: '3000' }),
  METRICS_PORT: is(integer(0, 65_535), 'a port number from 0 to 65535'),
  API_RATE_LIMIT: is(integer(1), 'a whole number of requests per minute per token, at least 1', { fallback: '1200' }),
  // An export holds a pooled connection per batch; 4 leaves most of the default pool of 10 to everything else.
  EXPORT_CONCURRENCY: is(integer(1, 8), 'a whole number from 1 to 8', { fallback: '4' }),
  EXPORT_CONCURRENCY_PER_TOKEN: is(integer(1, 8), 'a whole number from 1 to 8', { fallback: '2' }),
  DEMO_PORT: is(integer(0, 65_535), 'a port number from 0 to 65535', { fallback: '3210' }),
  LOG_LEVEL: is(logLevel, 'one of fatal, error, warn, info, debug, trace, silent', { fallback: 'info' }),
  SLACK_BOT_TOKEN: is(opaque('xoxb-'), 'a bot token starting xoxb-', { secret: true }),
  SLACK_SIGNING_SECRET: is(opaque(), 'a signing secret', { secret: true }),
  SLACK_APP_TOKEN: is(opaque('xapp-'), 'an app-level token starting xapp-', { secret: true }),
  SLACK_API_URL: is(slackApiUrl, 'an https URL (http only for localhost)', { fallback: 'https://slack.com/api/' }),
  SLACK_USERGROUP_CACHE: is(durationMs, A_DURATION, { fallback: '60s' }),
  APPROVER_CHANNEL_ID: is(slackId('CG'), 'a Slack channel id like C0123ABCD'),
  COMPLIANCE_CHANNEL_ID: is(slackId('CG'), 'a Slack channel id like C0123ABCD'),
  APPROVER_USER_IDS: is(list(/^[UW][A-Z0-9]+$/), 'comma-separated Slack user ids like U0123ABCD,U0456EFGH'),
  APPROVER_USERGROUP_ID: is(slackId('S'), 'a Slack usergroup id like S0123ABCD'),
  AUDITOR_USER_IDS: is(list(/^[UW][A-Z0-9]+$/), 'comma-separated Slack user ids like U0123ABCD,U0456EFGH'),
  AUDITOR_USERGROUP_ID: is(slackId('S'), 'a Slack usergroup id like S0123ABCD'),
  REQUIRED_APPROVALS: is(integer(1), 'a whole number, at least 1', { fallback: '1' }),
  GRANT_MIN_DURATION: is(durationMs, A_DURATION, { fallback: '5m' }),
  GRANT_DEFAULT_DURATION: is(durationMs, A_DURATION, { fallback: '30m' }),
  GRANT_MAX_DURATION: is(durationMs, A_DURATION, { fallback: '8h' }),
  PENDING_TTL: is(durationMs, A_DURATION, { fallback: '4h' }),
  EXPIRY_WARNING: is(durationMs, A_DURATION, { fallback: '5m' }),
  APPROVAL_REMINDER: is(durationMs, A_DURATION, { fallback: '15m' }),
  APPROVAL_ESCALATION: is(durationMs, A_DURATION),
  ESCALATION_CHANNEL_ID: is(slackId('CG'), 'a Slack channel id like C0123ABCD'),
  SESSION_IDLE_TIMEOUT: is(durationMs, A_DURATION),
  BREAK_GLASS_MAX_DURATION: is(durationMs, A_DURATION, { fallback: '1h' }),
  BREAK_GLASS_REVIEW_WITHIN: is(durationMs, A_DURATION, { fallback: '24h' }),
  JIRA_BASE_URL: is(jiraBaseUrl, 'an https URL like https://acme.atlassian.net (http only for localhost)'),
  JIRA_EMAIL: is(z.email(), 'an email address'),
  JIRA_API_TOKEN: is(opaque(), 'a Jira API token', { secret: true }),
  JIRA_PAT: is(opaque(), 'a Jira personal access token', { secret: true }),
  JIRA_PROJECTS: is(jiraProjects, 'comma-separated Jira project keys like OPS,SEC, or any', { fallback: 'any' }),
  JIRA_REQUIRE_OPEN: is(boolean, 'true or false (or yes/no, 1/0)', { fallback: 'true' }),
  JIRA_TIMEOUT: is(durationMs, A_DURATION, { fallback: '3s' }),
  JIRA_RECHECK_INTERVAL: is(durationMs, A_DURATION, { fallback: '5m' }),
  // 32 characters: enough randomness that the secret cannot be guessed through the webhook, whatever it is made of.
  JIRA_WEBHOOK_SECRET: is(secretOfAtLeast(32), 'a shared secret of at least 32 characters (openssl rand -hex 32)', {
    secret: true,
  }),
  DIGEST_CRON: is(cron, 'a cron expression with 5 or 6 fields like 0 9 * * 1', { fallback: '0 9 * * 1' }),
  DIGEST_TIMEZONE: is(timezone, 'an IANA time zone like Europe/Paris', { fallback: 'UTC' }),
  ANOMALY_CRON: is(cron, 'a cron expression with 5 or 6 fields like 0 * * * *', { fallback: '0 * * * *' }),
  BUSINESS_HOURS: is(businessHours, 'days and hours like Mon-Fri 08:00-19:00', { fallback: 'Mon-Fri 08:00-19:00' }),
  // 365 days is the floor the audit trail promises (DESIGN.md §3); shorter retention is refused, not clamped.
  AUDIT_RETENTION_DAYS: is(integer(365), 'a whole number of days, at least 365 (the minimum)', { fallback: '365' }),
  AUDIT_PURGE_CRON: is(cron, 'a cron expression with 5 or 6 fields like 30 3 * * *', { fallback: '30 3 * * *' }),
  AUDIT_WEBHOOK_URL: is(url(['http', 'https']), 'an http(s) URL', { secret: true }),
  AUDIT_WEBHOOK_SECRET: is(opaque(), 'a signing secret', { secret: true }),
  CONSOLE_WEBHOOK_URL: is(url(['http', 'https']), 'an http(s) URL', { secret: true }),
  CONSOLE_WEBHOOK_SECRET: is(opaque(), 'a signing secret', { secret: true }),
  POLICY_DIR: is(directory, 'an existing folder with *.cedar policies, schema.cedarschema and tenants.yaml'),
} satisfies Record<string, Setting<unknown>>;

type SettingName = keyof typeof SETTINGS;
type Values = {
  [K in SettingName]: (typeof SETTINGS)[K] extends { fallback: string }
    ? z.output<(typeof SETTINGS)[K]['schema']>
    : z.output<(typeof SETTINGS)[K]['schema']> | undefined;
};

/**
 * Reads and checks every variable, and what `requirement` says its command cannot run without; throws one
 * ConfigError listing every problem found, bad values and missing variables alike.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, requirement?: ConfigRequirement): Config {
  const textOf = (name: SettingName): string | undefined => env[name]?.trim() || settingOf(name).fallback;
  const problems: string[] = [];
  const values: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const text = textOf(name);
    if (text === undefined) continue;
    const result = settingOf(name).schema.safeParse(text);
    if (result.success) values[name] = result.data;
    else problems.push(problem(name, settingOf(name).expected, text));
  }
  problems.push(...crossChecks(values as Partial<Values>, textOf));
  if (requirement) {
    // Set but malformed counts as set (it is already reported); a list of nothing but commas counts as unset.
    const isSet = (name: string) => {
      const value = values[name as SettingName];
      return textOf(name as SettingName) !== undefined && !(Array.isArray(value) && value.length === 0);
    };
    problems.push(...missingSettings(requirement, isSet));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(values as Values);
}

function settingOf(name: SettingName): Setting<unknown> {
  return SETTINGS[name];
}

function problem(name: SettingName, expected: string, text = ''): string {
  return `${name}: expected ${expected}, got ${JSON.stringify(settingOf(name).secret && text ? '<redacted>' : text)}`;
}

/** Rules between variables; each only runs when the variables it compares were themselves valid. */
function crossChecks(values: Partial<Values>, textOf: (name: SettingName) => string | undefined): string[] {
  const problems: string[] = [];
  const { GRANT_MIN_DURATION: min, GRANT_DEFAULT_DURATION: byDefault, GRANT_MAX_DURATION: max } = values;
  if (min !== undefined && max !== undefined && min > max) {
    const expected = `a duration no longer than GRANT_MAX_DURATION (${formatDuration(max)})`;
    problems.push(problem('GRANT_MIN_DURATION', expected, textOf('GRANT_MIN_DURATION')));
  } else if (
    min !== undefined &&
    max !== undefined &&
    byDefault !== undefined &&
    (byDefault < min || byDefault > max)
  ) {
    const bounds = `GRANT_MIN_DURATION (${formatDuration(min)}) to GRANT_MAX_DURATION (${formatDuration(max)})`;
    problems.push(problem('GRANT_DEFAULT_DURATION', `a duration from ${bounds}`, textOf('GRANT_DEFAULT_DURATION')));
  }
  // A break-glass shorter than any grant may be could never be asked for; one longer than GRANT_MAX_DURATION is held
  // to that maximum (src/domain/grant-policy.ts), like every grant.
  const { BREAK_GLASS_MAX_DURATION: breakGlassMax } = values;
  if (min !== undefined && max !== undefined && min <= max && breakGlassMax !== undefined && breakGlassMax < min) {
    const expected = `a duration no shorter than GRANT_MIN_DURATION (${formatDuration(min)})`;
    problems.push(problem('BREAK_GLASS_MAX_DURATION', expected, textOf('BREAK_GLASS_MAX_DURATION')));
  }

  const isSet = (name: SettingName) => Boolean(textOf(name));
  if (isSet('JIRA_EMAIL') && !isSet('JIRA_API_TOKEN')) {
    problems.push(problem('JIRA_API_TOKEN', 'a Jira API token to go with JIRA_EMAIL'));
  } else if (isSet('JIRA_API_TOKEN') && !isSet('JIRA_EMAIL')) {
    problems.push(problem('JIRA_EMAIL', 'the Atlassian account email that goes with JIRA_API_TOKEN'));
  }
  if (isSet('JIRA_PAT') && (isSet('JIRA_EMAIL') || isSet('JIRA_API_TOKEN'))) {
    problems.push(problem('JIRA_PAT', 'either JIRA_PAT or JIRA_EMAIL + JIRA_API_TOKEN, not both', textOf('JIRA_PAT')));
  }

  // With a fixed list of approvers and no usergroup, more required approvals than approvers could never be met.
  const { APPROVER_USER_IDS: approvers = [], APPROVER_USERGROUP_ID: usergroup, REQUIRED_APPROVALS: required } = values;
  if (approvers.length > 0 && usergroup === undefined && required !== undefined && required > approvers.length) {
    const expected = `at most the number of APPROVER_USER_IDS (${approvers.length}) unless APPROVER_USERGROUP_ID is set`;
    problems.push(problem('REQUIRED_APPROVALS', expected, textOf('REQUIRED_APPROVALS')));
  }
  problems.push(...escalationChecks(values, textOf));
  // Unsigned audit events would let anyone who can reach the receiver forge them: no URL without a secret.
  if (values.CONSOLE_WEBHOOK_URL !== undefined && !isSet('CONSOLE_WEBHOOK_SECRET')) {
    problems.push(problem('CONSOLE_WEBHOOK_SECRET', 'a signing secret to go with CONSOLE_WEBHOOK_URL'));
  }
  if (values.AUDIT_WEBHOOK_URL !== undefined && !isSet('AUDIT_WEBHOOK_SECRET')) {
    problems.push(problem('AUDIT_WEBHOOK_SECRET', 'a signing secret to go with AUDIT_WEBHOOK_URL'));
  }
  // Exports that took every pooled connection would stall every other query of the process until they finished.
  const { EXPORT_CONCURRENCY: exports, DATABASE_POOL_MAX: poolMax } = values;
  if (exports !== undefined && poolMax !== undefined && exports >= poolMax) {
    const expected = `fewer than DATABASE_POOL_MAX (${poolMax}), so that exports leave connections to everything else`;
    problems.push(problem('EXPORT_CONCURRENCY', expected, textOf('EXPORT_CONCURRENCY')));
  }
  return problems;
}

/** Escalation needs somewhere to go, and comes after the reminder (else the reminder would follow it). */
function escalationChecks(values: Partial<Values>, textOf: (name: SettingName) => string | undefined): string[] {
  const { APPROVAL_ESCALATION: escalation, APPROVAL_REMINDER: reminder } = values;
  if (escalation === undefined) return [];
  const problems: string[] = [];
  if (!textOf('ESCALATION_CHANNEL_ID')) {
    problems.push(problem('ESCALATION_CHANNEL_ID', 'a Slack channel id like C0123ABCD to go with APPROVAL_ESCALATION'));
  }
  if (reminder !== undefined && escalation <= reminder) {
    const expected = `a duration longer than APPROVAL_REMINDER (${formatDuration(reminder)}), or unset for no escalation`;
    problems.push(problem('APPROVAL_ESCALATION', expected, textOf('APPROVAL_ESCALATION')));
  }
  return problems;
}

function toConfig(v: Values): Config {
  const jiraAuth: JiraAuth | undefined = v.JIRA_PAT
    ? { kind: 'bearer', token: v.JIRA_PAT }
    : v.JIRA_EMAIL && v.JIRA_API_TOKEN
      ? { kind: 'basic', email: v.JIRA_EMAIL, apiToken: v.JIRA_API_TOKEN }
      : undefined;
  return {
    port: v.PORT,
    metricsPort: v.METRICS_PORT,
    api: {
      requestsPerMinute: v.API_RATE_LIMIT,
      overall: v.EXPORT_CONCURRENCY,
      perToken: v.EXPORT_CONCURRENCY_PER_TOKEN,
    },
    demoPort: v.DEMO_PORT,
    logLevel: v.LOG_LEVEL,
    databaseUrl: v.DATABASE_URL,
    databasePoolMax: v.DATABASE_POOL_MAX,
    reconcileIntervalMs: v.RECONCILE_INTERVAL,
    queue: { redisUrl: v.REDIS_URL, prefix: v.BULLMQ_PREFIX },
    slack: {
      botToken: v.SLACK_BOT_TOKEN,
      signingSecret: v.SLACK_SIGNING_SECRET,
      appToken: v.SLACK_APP_TOKEN,
      apiUrl: v.SLACK_API_URL,
      approverChannelId: v.APPROVER_CHANNEL_ID,
      complianceChannelId: v.COMPLIANCE_CHANNEL_ID,
      escalationChannelId: v.ESCALATION_CHANNEL_ID,
      usergroupCacheMs: v.SLACK_USERGROUP_CACHE,
    },
    approvers: { userIds: v.APPROVER_USER_IDS ?? [], usergroupId: v.APPROVER_USERGROUP_ID },
    auditors: { userIds: v.AUDITOR_USER_IDS ?? [], usergroupId: v.AUDITOR_USERGROUP_ID },
    grants: {
      minDurationMs: v.GRANT_MIN_DURATION,
      defaultDurationMs: v.GRANT_DEFAULT_DURATION,
      maxDurationMs: v.GRANT_MAX_DURATION,
      requiredApprovals: v.REQUIRED_APPROVALS,
      pendingTtlMs: v.PENDING_TTL,
      expiryWarningMs: v.EXPIRY_WARNING,
      idleTimeoutMs: v.SESSION_IDLE_TIMEOUT ?? null,
      breakGlassMaxDurationMs: v.BREAK_GLASS_MAX_DURATION,
      breakGlassReviewWithinMs: v.BREAK_GLASS_REVIEW_WITHIN,
      approvalReminderMs: v.APPROVAL_REMINDER,
      approvalEscalationMs: v.APPROVAL_ESCALATION ?? null,
    },
    jira: {
      baseUrl: v.JIRA_BASE_URL,
      auth: jiraAuth,
      projects: v.JIRA_PROJECTS,
      requireOpen: v.JIRA_REQUIRE_OPEN,
      timeoutMs: v.JIRA_TIMEOUT,
      recheckIntervalMs: v.JIRA_RECHECK_INTERVAL,
      webhookSecret: v.JIRA_WEBHOOK_SECRET,
    },
    digest: { cron: v.DIGEST_CRON, timezone: v.DIGEST_TIMEZONE },
    anomaly: { cron: v.ANOMALY_CRON, businessHours: v.BUSINESS_HOURS },
    audit: {
      retentionDays: v.AUDIT_RETENTION_DAYS,
      purgeCron: v.AUDIT_PURGE_CRON,
      webhookUrl: v.AUDIT_WEBHOOK_URL,
      webhookSecret: v.AUDIT_WEBHOOK_SECRET,
    },
    consoleWebhook: { url: v.CONSOLE_WEBHOOK_URL, secret: v.CONSOLE_WEBHOOK_SECRET },
    policy: { dir: v.POLICY_DIR },
  };
}
