import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigRequirement, loadConfig } from '../../src/config.ts';
import { assertDatabaseConfig, assertServeConfig } from '../../src/config-assertions.ts';
import { parseBusinessHours } from '../../src/config-parsers.ts';
import { loadDotenv, projectDotenvPath } from '../../src/load-dotenv.ts';

/** The problem lines loadConfig reports for `env`, or [] when it accepts it. */
function problemsFor(env: NodeJS.ProcessEnv, requirement?: ConfigRequirement): readonly string[] {
  try {
    loadConfig(env, requirement);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).toBe(error.problems.join('\n'));
    return error.problems;
  }
}

const SERVE_ENV = {
  DATABASE_URL: 'postgres://grantdesk:hunter2@db.internal:5432/grantdesk',
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  SLACK_SIGNING_SECRET: 'signing-secret',
  APPROVER_CHANNEL_ID: 'C0APPROVE',
  APPROVER_USER_IDS: 'U0ALICE, U0BOB,,',
  JIRA_BASE_URL: 'https://acme.atlassian.net',
  JIRA_PAT: 'pat-secret',
};

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
    });
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

  describe('grant durations', () => {
    it('refuses a minimum longer than the maximum, naming both', () => {
      expect(problemsFor({ GRANT_MIN_DURATION: '9h' })).toEqual([
        'GRANT_MIN_DURATION: expected a duration no longer than GRANT_MAX_DURATION (8h), got "9h"',
      ]);
    });

    it('refuses a default outside the bounds, naming them', () => {
      expect(problemsFor({ GRANT_MAX_DURATION: '20m' })).toEqual([
        'GRANT_DEFAULT_DURATION: expected a duration from GRANT_MIN_DURATION (5m) to GRANT_MAX_DURATION (20m), got "30m"',
      ]);
      expect(problemsFor({ GRANT_DEFAULT_DURATION: '2m' })).toEqual([
        'GRANT_DEFAULT_DURATION: expected a duration from GRANT_MIN_DURATION (5m) to GRANT_MAX_DURATION (8h), got "2m"',
      ]);
    });

    it('accepts min = default = max', () => {
      const { grants } = loadConfig({
        GRANT_MIN_DURATION: '1h',
        GRANT_DEFAULT_DURATION: '60m',
        GRANT_MAX_DURATION: '1h',
      });
      expect([grants.minDurationMs, grants.defaultDurationMs, grants.maxDurationMs]).toEqual([
        3_600_000, 3_600_000, 3_600_000,
      ]);
    });

    it('does not compare a bound that was itself refused', () => {
      expect(problemsFor({ GRANT_MAX_DURATION: 'long', GRANT_MIN_DURATION: '9h' })).toEqual([
        'GRANT_MAX_DURATION: expected a duration like 8h, got "long"',
      ]);
    });
  });

  describe('JIRA_BASE_URL', () => {
    it('accepts https anywhere and strips the trailing slash', () => {
      expect(loadConfig({ JIRA_BASE_URL: 'https://acme.atlassian.net/' }).jira.baseUrl).toBe(
        'https://acme.atlassian.net',
      );
    });

    it.each(['http://localhost:8080', 'http://127.0.0.1:4020/jira', 'http://[::1]:4020'])(
      'accepts http for the local server %s',
      (baseUrl) => {
        expect(loadConfig({ JIRA_BASE_URL: baseUrl }).jira.baseUrl).toBe(baseUrl);
      },
    );

    it.each(['http://jira.acme.com', 'http://localhost.evil.com', 'ftp://localhost'])('refuses %s', (baseUrl) => {
      expect(problemsFor({ JIRA_BASE_URL: baseUrl })).toEqual([
        `JIRA_BASE_URL: expected an https URL like https://acme.atlassian.net (http only for localhost), got "${baseUrl}"`,
      ]);
    });
  });

  describe('Jira auth', () => {
    it('reads email + API token as basic auth', () => {
      expect(loadConfig({ JIRA_EMAIL: 'ops@example.com', JIRA_API_TOKEN: 'token' }).jira.auth).toEqual({
        kind: 'basic',
        email: 'ops@example.com',
        apiToken: 'token',
      });
    });

    it('reads a personal access token as bearer auth', () => {
      expect(loadConfig({ JIRA_PAT: 'pat' }).jira.auth).toEqual({ kind: 'bearer', token: 'pat' });
    });

    it('refuses an email without a token and a token without an email', () => {
      expect(problemsFor({ JIRA_EMAIL: 'ops@example.com' })).toEqual([
        'JIRA_API_TOKEN: expected a Jira API token to go with JIRA_EMAIL, got ""',
      ]);
      expect(problemsFor({ JIRA_API_TOKEN: 'token' })).toEqual([
        'JIRA_EMAIL: expected the Atlassian account email that goes with JIRA_API_TOKEN, got ""',
      ]);
    });
  });

  it('refuses a JIRA_WEBHOOK_SECRET shorter than 32 characters, without echoing it', () => {
    const problems = problemsFor({ JIRA_WEBHOOK_SECRET: 'short-but-not-31-characters' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^JIRA_WEBHOOK_SECRET: expected a shared secret of at least 32 characters/);
    expect(problems[0]).not.toContain('short-but-not');
    const secret = 'x'.repeat(32);
    expect(loadConfig({ JIRA_WEBHOOK_SECRET: secret }).jira.webhookSecret).toBe(secret);
  });

  it('refuses more required approvals than listed approvers when there is no usergroup', () => {
    expect(problemsFor({ APPROVER_USER_IDS: 'U0ALICE,U0BOB', REQUIRED_APPROVALS: '3' })).toEqual([
      'REQUIRED_APPROVALS: expected at most the number of APPROVER_USER_IDS (2) unless APPROVER_USERGROUP_ID is set, got "3"',
    ]);
    expect(
      loadConfig({ APPROVER_USER_IDS: 'U0ALICE', APPROVER_USERGROUP_ID: 'S0OPS', REQUIRED_APPROVALS: '3' }).grants
        .requiredApprovals,
    ).toBe(3);
  });
});

describe('parseBusinessHours', () => {
  it.each([
    ['Mon-Fri 08:00-19:00', { days: [1, 2, 3, 4, 5], startMinute: 480, endMinute: 1140 }],
    ['sun-thu 09:30-17:00', { days: [0, 1, 2, 3, 4], startMinute: 570, endMinute: 1020 }],
    ['Fri-Mon 00:00-24:00', { days: [0, 1, 5, 6], startMinute: 0, endMinute: 1440 }],
    ['Mon,Wed-Thu,Sat 10:00-16:00', { days: [1, 3, 4, 6], startMinute: 600, endMinute: 960 }],
    ['Tue 07:15-07:45', { days: [2], startMinute: 435, endMinute: 465 }],
  ])('reads %s', (text, hours) => {
    expect(parseBusinessHours(text)).toEqual(hours);
  });

  it.each([
    'Mon-Fri',
    'Mon-Fri 8:00-19:00',
    'Mon-Fri 19:00-08:00',
    'Mon-Fri 08:00-08:00',
    'Mon-Fri 08:00-24:30',
    'Mon-Fri 08:60-19:00',
    'Mon-Fry 08:00-19:00',
    'Mon-Wed-Fri 08:00-19:00',
    'Mon,,Fri 08:00-19:00',
  ])('refuses %s', (text) => {
    expect(parseBusinessHours(text)).toBeUndefined();
  });
});

describe('assertServeConfig', () => {
  it('passes with everything serve needs', () => {
    expect(() => assertServeConfig(loadConfig(SERVE_ENV))).not.toThrow();
    expect(() =>
      assertServeConfig(loadConfig({ ...SERVE_ENV, APPROVER_USER_IDS: '', APPROVER_USERGROUP_ID: 'S0OPS' })),
    ).not.toThrow();
  });

  it('names every missing variable', () => {
    expect(() => assertServeConfig(loadConfig({}))).toThrow(
      new ConfigError([
        'DATABASE_URL: required for grantdesk serve',
        'SLACK_BOT_TOKEN: required for grantdesk serve',
        'SLACK_SIGNING_SECRET: required for grantdesk serve',
        'APPROVER_CHANNEL_ID: required for grantdesk serve',
        'JIRA_BASE_URL: required for grantdesk serve',
        'APPROVER_USER_IDS: required for grantdesk serve unless APPROVER_USERGROUP_ID is set',
      ]),
    );
  });

  it('requires Jira credentials with a Jira base URL', () => {
    const { JIRA_PAT: _pat, ...withoutPat } = SERVE_ENV;
    expect(() => assertServeConfig(loadConfig(withoutPat))).toThrow(
      'JIRA_EMAIL: required for grantdesk serve with JIRA_API_TOKEN, unless JIRA_PAT is set',
    );
  });
});

describe('loadConfig with what a command requires', () => {
  const serve = { needs: 'serve', command: 'serve' } as const;

  it('reports every bad and every missing variable in one pass', () => {
    const { JIRA_BASE_URL: _jira, JIRA_PAT: _pat, ...withoutJira } = SERVE_ENV;
    expect(() => loadConfig({ ...withoutJira, GRANT_MAX_DURATION: 'eight' }, serve)).toThrow(
      new ConfigError([
        'GRANT_MAX_DURATION: expected a duration like 8h, got "eight"',
        'JIRA_BASE_URL: required for grantdesk serve',
      ]),
    );
  });

  it('names everything serve misses beside bad values, and a malformed variable only as malformed', () => {
    expect(problemsFor({ PORT: 'http', SLACK_BOT_TOKEN: 'xoxp-1', APPROVER_USER_IDS: ' , ,' }, serve)).toEqual([
      'PORT: expected a port number from 0 to 65535, got "http"',
      'SLACK_BOT_TOKEN: expected a bot token starting xoxb-, got "<redacted>"',
      'DATABASE_URL: required for grantdesk serve',
      'SLACK_SIGNING_SECRET: required for grantdesk serve',
      'APPROVER_CHANNEL_ID: required for grantdesk serve',
      'JIRA_BASE_URL: required for grantdesk serve',
      'APPROVER_USER_IDS: required for grantdesk serve unless APPROVER_USERGROUP_ID is set',
    ]);
  });

  it('accepts what serve needs', () => {
    expect(loadConfig(SERVE_ENV, serve).jira.baseUrl).toBe('https://acme.atlassian.net');
  });

  it('asks a worker for the database and Jira credentials only when Jira is set, never for Slack', () => {
    const worker = { needs: 'worker', command: 'worker' } as const;
    expect(problemsFor({ JIRA_BASE_URL: 'https://acme.atlassian.net', REQUIRED_APPROVALS: 'two' }, worker)).toEqual([
      'REQUIRED_APPROVALS: expected a whole number, at least 1, got "two"',
      'DATABASE_URL: required for grantdesk worker',
      'JIRA_EMAIL: required for grantdesk worker with JIRA_BASE_URL and JIRA_API_TOKEN, unless JIRA_PAT is set',
    ]);
    expect(problemsFor({ DATABASE_URL: SERVE_ENV.DATABASE_URL }, worker)).toEqual([]);
  });

  it('asks digest run for the bot token and the compliance channel, other commands for the database', () => {
    expect(problemsFor({}, { needs: 'digest', command: 'digest run' })).toEqual([
      'DATABASE_URL: required for grantdesk digest run',
      'SLACK_BOT_TOKEN: required for grantdesk digest run',
      'COMPLIANCE_CHANNEL_ID: required for grantdesk digest run',
    ]);
    expect(problemsFor({ DIGEST_CRON: 'weekly' }, { needs: 'database', command: 'audit verify' })).toEqual([
      'DIGEST_CRON: expected a cron expression with 5 or 6 fields like 0 9 * * 1, got "weekly"',
      'DATABASE_URL: required for grantdesk audit verify',
    ]);
  });
});

describe('assertDatabaseConfig', () => {
  it('requires DATABASE_URL, naming the command', () => {
    expect(() => assertDatabaseConfig(loadConfig({}), 'migrate')).toThrow(
      'DATABASE_URL: required for grantdesk migrate',
    );
    expect(() =>
      assertDatabaseConfig(loadConfig({ DATABASE_URL: 'postgresql:///grantdesk' }), 'migrate'),
    ).not.toThrow();
  });
});

describe('loadDotenv', () => {
  it('fills in unset variables from the file without overriding set ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grantdesk-config-'));
    try {
      const path = join(dir, '.env');
      writeFileSync(path, 'PORT=4000\nLOG_LEVEL=debug\n');
      const env: NodeJS.ProcessEnv = { PORT: '5000' };

      loadDotenv(path, env);

      expect(env).toEqual({ PORT: '5000', LOG_LEVEL: 'debug' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is the .env of the nearest project at or above the working directory, and none outside a project', () => {
    const project = mkdtempSync(join(tmpdir(), 'grantdesk-project-'));
    const loose = mkdtempSync(join(tmpdir(), 'grantdesk-loose-'));
    try {
      writeFileSync(join(project, 'package.json'), '{}');
      mkdirSync(join(project, 'scripts', 'nested'), { recursive: true });
      expect(projectDotenvPath(join(project, 'scripts', 'nested'))).toBe(join(project, '.env'));
      expect(projectDotenvPath(project)).toBe(join(project, '.env'));
      expect(projectDotenvPath(loose)).toBeUndefined();
    } finally {
      rmSync(project, { recursive: true, force: true });
      rmSync(loose, { recursive: true, force: true });
    }
  });

  it('does nothing when the file is absent', () => {
    const env: NodeJS.ProcessEnv = {};
    loadDotenv(join(tmpdir(), 'grantdesk-no-such-dir', '.env'), env);
    expect(env).toEqual({});
  });
});
