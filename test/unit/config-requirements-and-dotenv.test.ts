import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { assertDatabaseConfig, assertServeConfig } from '../../src/config-assertions.ts';
import { parseBusinessHours } from '../../src/config-parsers.ts';
import { loadDotenv, projectDotenvPath } from '../../src/load-dotenv.ts';
import { problemsFor, SERVE_ENV } from '../support/config-fixture.ts';

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
