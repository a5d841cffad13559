import type { KnownBlock } from '@slack/types';
import type { AnomalyFinding } from '../../domain/anomaly/anomaly-finding.ts';
import { date, escapeAndTruncate, isSlackUserId } from '../mrkdwn.ts';
import { findingSection, RULE_TITLES } from './anomaly-finding-section.ts';
import { context, header, message, type SlackMessage, section } from './block-kit.ts';

/** AUDITOR_USER_IDS and AUDITOR_USERGROUP_ID, who are pinged for HIGH findings. */
export interface Auditors {
  userIds: readonly string[];
  usergroupId: string | undefined;
}

/** Slack usergroup ids: `S` and letters/digits (https://docs.slack.dev/messaging/formatting-message-text#mentioning-groups). */
const USERGROUP_PATTERN = /^S[A-Z0-9]{2,}$/;

/** `<@U1> <@U2> <!subteam^S1>`: only well-formed ids become mentions. */
export function auditorMentions(auditors: Auditors): string {
  const users = auditors.userIds.filter(isSlackUserId).map((id) => `<@${id}>`);
  const group =
    auditors.usergroupId && USERGROUP_PATTERN.test(auditors.usergroupId) ? [`<!subteam^${auditors.usergroupId}>`] : [];
  return [...users, ...group].join(' ');
}

/**
 * Newly found anomalies for the compliance channel. When any is HIGH the auditors are mentioned, in the blocks and in
 * the notification text (mentions only notify from `text` on clients that do not render blocks).
 */
export function anomalyAlertMessage(findings: readonly AnomalyFinding[], auditors: Auditors): SlackMessage {
  const high = findings.some((f) => f.severity === 'HIGH');
  const mentions = high ? auditorMentions(auditors) : '';
  const title = findings.length === 1 ? `Anomaly: ${RULE_TITLES[findings[0]!.rule]}` : `${findings.length} anomalies`;
  const blocks: KnownBlock[] = [header(`:mag: ${title}`)];
  if (mentions) blocks.push(section(`:rotating_light: ${mentions} HIGH severity: please review.`));
  for (const finding of findings) {
    blocks.push(findingSection(finding));
    blocks.push(context(`Found ${date(finding.at)} · key \`${escapeAndTruncate(finding.key, 200)}\``));
  }
  const summary = findings.map((f) => `${f.severity} ${RULE_TITLES[f.rule]}: ${escapeAndTruncate(f.summary, 300)}`);
  return message([mentions, title, ...summary].filter(Boolean).join('\n'), blocks);
}
