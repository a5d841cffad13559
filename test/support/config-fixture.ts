/** Runs loadConfig and collects its problem lines, with an environment that serves; shared by the config tests. */
import { expect } from 'vitest';
import { ConfigError, type ConfigRequirement, loadConfig } from '../../src/config.ts';

/** The problem lines loadConfig reports for `env`, or [] when it accepts it. */
export function problemsFor(env: NodeJS.ProcessEnv, requirement?: ConfigRequirement): readonly string[] {
  try {
    loadConfig(env, requirement);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).toBe(error.problems.join('\n'));
    return error.problems;
  }
}

export const SERVE_ENV = {
  DATABASE_URL: 'postgres://grantdesk:hunter2@db.internal:5432/grantdesk',
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  SLACK_SIGNING_SECRET: 'signing-secret',
  APPROVER_CHANNEL_ID: 'C0APPROVE',
  APPROVER_USER_IDS: 'U0ALICE, U0BOB,,',
  JIRA_BASE_URL: 'https://acme.atlassian.net',
  JIRA_PAT: 'pat-secret',
};
