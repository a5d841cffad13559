import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { problemsFor } from '../support/config-fixture.ts';

describe('loadConfig', () => {
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

  describe('break-glass', () => {
    it('reads BREAK_GLASS_MAX_DURATION and BREAK_GLASS_REVIEW_WITHIN, down to seconds', () => {
      const { grants } = loadConfig({ BREAK_GLASS_MAX_DURATION: '15m', BREAK_GLASS_REVIEW_WITHIN: '90s' });
      expect(grants).toMatchObject({ breakGlassMaxDurationMs: 15 * 60_000, breakGlassReviewWithinMs: 90_000 });
    });

    it('refuses what is not a duration, and a maximum shorter than any grant, all at once', () => {
      expect(problemsFor({ BREAK_GLASS_MAX_DURATION: '1m', BREAK_GLASS_REVIEW_WITHIN: 'tomorrow' })).toEqual([
        'BREAK_GLASS_REVIEW_WITHIN: expected a duration like 8h, got "tomorrow"',
        'BREAK_GLASS_MAX_DURATION: expected a duration no shorter than GRANT_MIN_DURATION (5m), got "1m"',
      ]);
    });
  });

  describe('DATABASE_POOL_MAX', () => {
    it('sizes the pool, 10 by default', () => {
      expect(loadConfig({}).databasePoolMax).toBe(10);
      expect(loadConfig({ DATABASE_POOL_MAX: '5' }).databasePoolMax).toBe(5);
    });

    it('refuses a pool of fewer than 2 or more than 100 connections', () => {
      for (const text of ['1', '101', 'many']) {
        expect(problemsFor({ DATABASE_POOL_MAX: text })).toEqual([
          `DATABASE_POOL_MAX: expected a whole number of connections from 2 to 100, got "${text}"`,
        ]);
      }
    });

    it('refuses exports that could take every pooled connection', () => {
      expect(problemsFor({ DATABASE_POOL_MAX: '4' })).toEqual([
        'EXPORT_CONCURRENCY: expected fewer than DATABASE_POOL_MAX (4), so that exports leave connections to everything else, got "4"',
      ]);
      expect(loadConfig({ DATABASE_POOL_MAX: '4', EXPORT_CONCURRENCY: '3' }).api.overall).toBe(3);
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
