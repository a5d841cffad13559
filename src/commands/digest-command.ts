import { CLAIM_TIMEOUT_MS, complianceSettingsFrom, createComplianceServices } from '../app/compliance-services.ts';
import type { RunDigestOutcome } from '../app/run-digest.ts';
import type { Config } from '../config.ts';
import { assertRequirement } from '../config-assertions.ts';
import { formatDuration } from '../domain/duration.ts';
import { parseIsoWeek } from '../domain/iso-week.ts';
import { createLogger } from '../logger.ts';
import { SlackCompliancePoster } from '../slack/slack-compliance-poster.ts';
import { slackWebClient } from '../slack/slack-web-client.ts';
import { randomIds, systemClock } from '../system-clock.ts';
import type { CommandContext } from './command-context.ts';
import { withDatabase } from './open-database.ts';
import { UsageError } from './usage-error.ts';

/**
 * `digest run [--week YYYY-Www] [--force]`: posts a week's digest (by default the last complete week in
 * DIGEST_TIMEZONE) to COMPLIANCE_CHANNEL_ID, through the same run record as the schedule, so it posts a week once
 * however often it is run, and again only with --force.
 */
export function digestCommand({ args, flags, out }: CommandContext, config: Config): Promise<number> {
  const [action] = args;
  if (action !== 'run')
    throw new UsageError(action ? `Unknown digest action: ${action}` : 'digest needs an action: run');
  const week = typeof flags.week === 'string' ? parseIsoWeek(flags.week) : undefined;
  if (flags.week !== undefined && !week) {
    throw new UsageError(`--week: expected an ISO week like 2026-W43, got "${String(flags.week)}"`);
  }
  assertRequirement(config, { needs: 'digest', command: 'digest run' });
  const { botToken = '', complianceChannelId = '', apiUrl } = config.slack;
  return withDatabase(config, 'digest run', async (sequelize) => {
    const client = slackWebClient({ botToken, apiUrl, logger: createLogger(config.logLevel) });
    const poster = new SlackCompliancePoster(client, { channelId: complianceChannelId, auditors: config.auditors });
    const settings = complianceSettingsFrom(config);
    const compliance = createComplianceServices({ sequelize, poster, clock: systemClock, ids: randomIds, settings });
    const outcome = await compliance.runDigest({ ...(week ? { week } : {}), force: flags.force === true });
    out(describe(outcome));
    return 0;
  });
}

function describe(outcome: RunDigestOutcome): string {
  const what = `The ${outcome.week} digest${outcome.partial ? ' (week in progress)' : ''}`;
  if (outcome.outcome === 'posted') {
    return `${what} was posted to ${outcome.channelId} (message ${outcome.messageTs}, files ${outcome.fileIds.join(', ')}).`;
  }
  const record = outcome.record;
  if (outcome.outcome === 'already-posted') {
    const when = record?.finishedAt ? ` at ${record.finishedAt.toISOString()}` : '';
    return `${what} was already posted${when}; use --force to post it again.`;
  }
  const since = record ? ` by ${record.claimedBy} since ${record.claimedAt.toISOString()}` : '';
  return `${what} is being posted${since}; it is taken over if not done within ${formatDuration(CLAIM_TIMEOUT_MS)}.`;
}
