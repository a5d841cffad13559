/**
 * The requirements of src/config-requirements.ts checked against a configuration already loaded, for code that is
 * handed one (serve, worker and digest run check again what the CLI checked while loading it).
 */
import type { Config } from './config.ts';
import { ConfigError } from './config-error.ts';
import { type ConfigRequirement, missingSettings } from './config-requirements.ts';

/** What `grantdesk serve` cannot start without, for a configuration loaded without that requirement. */
export function assertServeConfig(config: Config): void {
  assertRequirement(config, { needs: 'serve', command: 'serve' });
}

/** For every command that touches Postgres except `demo`, which embeds its own. */
export function assertDatabaseConfig(config: Config, command = 'serve'): void {
  assertRequirement(config, { needs: 'database', command });
}

export function assertRequirement(config: Config, requirement: ConfigRequirement): void {
  const { jira, slack, approvers } = config;
  const set: Record<string, boolean> = {
    DATABASE_URL: config.databaseUrl !== undefined,
    SLACK_BOT_TOKEN: slack.botToken !== undefined,
    SLACK_SIGNING_SECRET: slack.signingSecret !== undefined,
    APPROVER_CHANNEL_ID: slack.approverChannelId !== undefined,
    COMPLIANCE_CHANNEL_ID: slack.complianceChannelId !== undefined,
    APPROVER_USER_IDS: approvers.userIds.length > 0,
    APPROVER_USERGROUP_ID: approvers.usergroupId !== undefined,
    JIRA_BASE_URL: jira.baseUrl !== undefined,
    JIRA_PAT: jira.auth?.kind === 'bearer',
    JIRA_EMAIL: jira.auth?.kind === 'basic',
    JIRA_API_TOKEN: jira.auth?.kind === 'basic',
  };
  const missing = missingSettings(requirement, (name) => set[name] === true);
  if (missing.length > 0) throw new ConfigError(missing);
}
