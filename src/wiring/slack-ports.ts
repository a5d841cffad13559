import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { SlackAccessDirectory } from '../slack/slack-access-directory.ts';
import { SlackCompliancePoster } from '../slack/slack-compliance-poster.ts';
import { slackWebClient } from '../slack/slack-web-client.ts';
import { unconfiguredAccessDirectory } from '../slack/unconfigured-access-directory.ts';
import { systemClock } from '../system-clock.ts';

export interface SlackPorts {
  /** Null without SLACK_BOT_TOKEN (a `worker` beside a `serve` that has one): nothing is told in Slack. */
  client: WebClient | null;
  /** Who approves and audits: Slack user groups, or nobody without a bot token. */
  access: AccessDirectory;
  /** The Slack directory itself, for the policy's groups; null without a bot token. */
  directory: SlackAccessDirectory | null;
  /** The compliance channel (digest, anomalies, policy problems); null without COMPLIANCE_CHANNEL_ID. */
  compliancePoster: SlackCompliancePoster | null;
}

/** The Slack ports the configuration allows. */
export function slackPortsFrom(config: Config, logger: Logger): SlackPorts {
  const { botToken, apiUrl, usergroupCacheMs, complianceChannelId } = config.slack;
  const client = botToken ? slackWebClient({ botToken, apiUrl, logger }) : null;
  const directory = client ? new SlackAccessDirectory(client, config, usergroupCacheMs, systemClock) : null;
  const compliancePoster =
    client && complianceChannelId
      ? new SlackCompliancePoster(client, { channelId: complianceChannelId, auditors: config.auditors })
      : null;
  return { client, access: directory ?? unconfiguredAccessDirectory, directory, compliancePoster };
}
