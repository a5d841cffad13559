import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { problemsFor, SERVE_ENV } from '../support/config-fixture.ts';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});

    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.reconcileIntervalMs).toBe(30_000);
    expect(config.queue).toEqual({ redisUrl: undefined, prefix: 'grantdesk' });
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.slack.usergroupCacheMs).toBe(60_000);
    expect(config.slack.botToken).toBeUndefined();
    expect(config.approvers).toEqual({ userIds: [], usergroupId: undefined });
    expect(config.auditors).toEqual({ userIds: [], usergroupId: undefined });
    expect(config.grants).toEqual({
      minDurationMs: 5 * 60_000,
      defaultDurationMs: 30 * 60_000,
      maxDurationMs: 8 * 3_600_000,
      requiredApprovals: 1,
      pendingTtlMs: 4 * 3_600_000,
      expiryWarningMs: 5 * 60_000,
      idleTimeoutMs: null,
      breakGlassMaxDurationMs: 60 * 60_000,
      breakGlassReviewWithinMs: 24 * 60 * 60_000,
      approvalReminderMs: 15 * 60_000,
      approvalEscalationMs: null,
    });
    expect(config.slack.escalationChannelId).toBeUndefined();
    expect(config.jira).toEqual({
      baseUrl: undefined,
      auth: undefined,
      projects: [],
      requireOpen: true,
      timeoutMs: 3_000,
      recheckIntervalMs: 5 * 60_000,
      webhookSecret: undefined,
    });
    expect(config.digest).toEqual({ cron: '0 9 * * 1', timezone: 'UTC' });
    expect(config.anomaly).toEqual({
      cron: '0 * * * *',
      businessHours: { days: [1, 2, 3, 4, 5], startMinute: 8 * 60, endMinute: 19 * 60 },
    });
    expect(config.audit).toEqual({
      retentionDays: 365,
      purgeCron: '30 3 * * *',
      webhookUrl: undefined,
      webhookSecret: undefined,
    });
  });

  it("keeps the demo's sandbox on one port unless DEMO_PORT says otherwise", () => {
    expect(loadConfig({}).demoPort).toBe(3210);
    expect(loadConfig({ DEMO_PORT: '0' }).demoPort).toBe(0);
    expect(loadConfig({ DEMO_PORT: '4321' }).demoPort).toBe(4321);
  });

  it('reads SESSION_IDLE_TIMEOUT (off unless set) from 1s up, naming it when malformed', () => {
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '15m' }).grants.idleTimeoutMs).toBe(15 * 60_000);
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '1s' }).grants.idleTimeoutMs).toBe(1_000);
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: 'a while' })).toThrow(/SESSION_IDLE_TIMEOUT: expected a duration/);
  });

  it('reads CONSOLE_WEBHOOK_URL, which needs CONSOLE_WEBHOOK_SECRET', () => {
    expect(loadConfig({}).consoleWebhook).toEqual({ url: undefined, secret: undefined });
    const env = { CONSOLE_WEBHOOK_URL: 'https://console.example.test/grantdesk', CONSOLE_WEBHOOK_SECRET: 's3cret' };
    expect(loadConfig(env).consoleWebhook).toEqual({ url: env.CONSOLE_WEBHOOK_URL, secret: 's3cret' });
    expect(() => loadConfig({ CONSOLE_WEBHOOK_URL: env.CONSOLE_WEBHOOK_URL })).toThrow(
      /CONSOLE_WEBHOOK_SECRET: expected a signing secret to go with CONSOLE_WEBHOOK_URL/,
    );
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '  ', GRANT_MAX_DURATION: '' }).grants.maxDurationMs).toBe(8 * 3_600_000);
  });

  it('reads set values', () => {
    const config = loadConfig({
      ...SERVE_ENV,
      PORT: '0',
      LOG_LEVEL: 'silent',
      SLACK_API_URL: 'http://127.0.0.1:4010/api',
      AUDITOR_USER_IDS: 'U0CAROL',
      JIRA_PROJECTS: 'ops, sec ,',
      JIRA_REQUIRE_OPEN: 'No',
      GRANT_MAX_DURATION: '1h30m',
      DIGEST_TIMEZONE: 'europe/paris',
      AUDIT_RETENTION_DAYS: '730',
      DIGEST_CRON: '0 0 9 * * 1',
    });

    expect(config.port).toBe(0);
    expect(config.logLevel).toBe('silent');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:4010/api/');
    expect(config.approvers.userIds).toEqual(['U0ALICE', 'U0BOB']);
    expect(config.auditors.userIds).toEqual(['U0CAROL']);
    expect(config.jira.projects).toEqual(['OPS', 'SEC']);
    expect(config.jira.requireOpen).toBe(false);
    expect(config.grants.maxDurationMs).toBe(90 * 60_000);
    expect(config.digest.timezone).toBe('Europe/Paris');
    expect(config.digest.cron).toBe('0 0 9 * * 1');
    expect(config.audit.retentionDays).toBe(730);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads the boolean %s', (text, value) => {
    expect(loadConfig({ JIRA_REQUIRE_OPEN: text }).jira.requireOpen).toBe(value);
  });

  it('reads JIRA_PROJECTS=any as every project', () => {
    expect(loadConfig({ JIRA_PROJECTS: 'ANY' }).jira.projects).toEqual([]);
  });

  it.each([
    ['GRANT_MAX_DURATION', 'eight', 'GRANT_MAX_DURATION: expected a duration like 8h, got "eight"'],
    ['PENDING_TTL', '0s', 'PENDING_TTL: expected a duration like 8h, got "0s"'],
    ['PORT', '65536', 'PORT: expected a port number from 0 to 65535, got "65536"'],
    ['PORT', '80.5', 'PORT: expected a port number from 0 to 65535, got "80.5"'],
    ['DEMO_PORT', 'sandbox', 'DEMO_PORT: expected a port number from 0 to 65535, got "sandbox"'],
    ['REQUIRED_APPROVALS', '0', 'REQUIRED_APPROVALS: expected a whole number, at least 1, got "0"'],
    [
      'AUDIT_RETENTION_DAYS',
      '90',
      'AUDIT_RETENTION_DAYS: expected a whole number of days, at least 365 (the minimum), got "90"',
    ],
    [
      'LOG_LEVEL',
      'verbose',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ],
    ['JIRA_REQUIRE_OPEN', 'maybe', 'JIRA_REQUIRE_OPEN: expected true or false (or yes/no, 1/0), got "maybe"'],
    [
      'SLACK_API_URL',
      'slack.com/api',
      'SLACK_API_URL: expected an https URL (http only for localhost), got "slack.com/api"',
    ],
    [
      'SLACK_API_URL',
      'http://slack.example.com/api',
      'SLACK_API_URL: expected an https URL (http only for localhost), got "http://slack.example.com/api"',
    ],
    [
      'JIRA_PROJECTS',
      'OPS,sec-ops',
      'JIRA_PROJECTS: expected comma-separated Jira project keys like OPS,SEC, or any, got "OPS,sec-ops"',
    ],
    [
      'APPROVER_USER_IDS',
      'U0ALICE,@bob',
      'APPROVER_USER_IDS: expected comma-separated Slack user ids like U0123ABCD,U0456EFGH, got "U0ALICE,@bob"',
    ],
    [
      'APPROVER_CHANNEL_ID',
      '#approvals',
      'APPROVER_CHANNEL_ID: expected a Slack channel id like C0123ABCD, got "#approvals"',
    ],
    [
      'DIGEST_CRON',
      '0 9 * *',
      'DIGEST_CRON: expected a cron expression with 5 or 6 fields like 0 9 * * 1, got "0 9 * *"',
    ],
    [
      'ANOMALY_CRON',
      '61 * * * *',
      'ANOMALY_CRON: expected a cron expression with 5 or 6 fields like 0 * * * *, got "61 * * * *"',
    ],
    [
      'AUDIT_PURGE_CRON',
      'daily',
      'AUDIT_PURGE_CRON: expected a cron expression with 5 or 6 fields like 30 3 * * *, got "daily"',
    ],
    [
      'DIGEST_TIMEZONE',
      'Mars/Olympus',
      'DIGEST_TIMEZONE: expected an IANA time zone like Europe/Paris, got "Mars/Olympus"',
    ],
    [
      'BUSINESS_HOURS',
      'weekdays 8-7',
      'BUSINESS_HOURS: expected days and hours like Mon-Fri 08:00-19:00, got "weekdays 8-7"',
    ],
    ['JIRA_EMAIL', 'ops', 'JIRA_EMAIL: expected an email address, got "ops"'],
    ['BULLMQ_PREFIX', 'grant desk', 'BULLMQ_PREFIX: expected up to 64 letters, digits or _.:-, got "grant desk"'],
  ])('refuses %s=%j with one line naming it', (name, value, line) => {
    const env: NodeJS.ProcessEnv = { [name]: value };
    if (name === 'JIRA_EMAIL') env.JIRA_API_TOKEN = 'token';
    expect(problemsFor(env)).toEqual([line]);
  });

  it('lists every problem together, one line each', () => {
    const problems = problemsFor({ PORT: 'http', GRANT_MIN_DURATION: 'soon', AUDIT_RETENTION_DAYS: '30' });

    expect(problems).toEqual([
      'PORT: expected a port number from 0 to 65535, got "http"',
      'GRANT_MIN_DURATION: expected a duration like 8h, got "soon"',
      'AUDIT_RETENTION_DAYS: expected a whole number of days, at least 365 (the minimum), got "30"',
    ]);
  });

  it('never echoes secrets, including passwords inside URLs', () => {
    const env = {
      DATABASE_URL: 'mysql://root:hunter2@db/grantdesk',
      REDIS_URL: 'http://:hunter2@cache:6379',
      AUDIT_WEBHOOK_URL: 'ftp://hooks.internal/hunter2',
      SLACK_BOT_TOKEN: 'xoxp-hunter2',
      SLACK_APP_TOKEN: 'xoxb-hunter2',
      JIRA_PAT: 'hunter2',
      JIRA_EMAIL: 'ops@example.com',
      JIRA_API_TOKEN: 'hunter2',
    };

    const problems = problemsFor(env);

    expect(problems).toEqual([
      'DATABASE_URL: expected a postgres:// connection string, got "<redacted>"',
      'REDIS_URL: expected a redis:// or rediss:// URL, got "<redacted>"',
      'SLACK_BOT_TOKEN: expected a bot token starting xoxb-, got "<redacted>"',
      'SLACK_APP_TOKEN: expected an app-level token starting xapp-, got "<redacted>"',
      'AUDIT_WEBHOOK_URL: expected an http(s) URL, got "<redacted>"',
      'JIRA_PAT: expected either JIRA_PAT or JIRA_EMAIL + JIRA_API_TOKEN, not both, got "<redacted>"',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
