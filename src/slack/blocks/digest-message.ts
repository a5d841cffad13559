import type { KnownBlock } from '@slack/types';
import { formatAverageDuration } from '../../domain/average-duration.ts';
import {
  SESSION_OUTCOMES,
  type SessionOutcome,
  type WeeklyDigest,
  weekOverWeekChange,
} from '../../domain/weekly-digest.ts';
import { date, escapeAndTruncate, isSlackUserId, singleLine, user } from '../mrkdwn.ts';
import { findingSection, SEVERITY_ICONS } from './anomaly-finding-section.ts';
import { context, divider, fieldsSection, header, message, type SlackMessage, section } from './block-kit.ts';

/** Findings listed in the digest itself; each was also alerted on its own, and the rest are counted. */
export const DIGEST_FINDINGS_SHOWN = 10;
/**
 * Break-glass lines per section: ten lines of at most ~280 characters stay under a section's 3000. Three sections
 * list thirty, far more than a week should see; any beyond are counted and left to the audit trail.
 */
export const BREAK_GLASS_PER_SECTION = 10;
export const BREAK_GLASS_SECTIONS = 3;
/** A review note is cut to this in the digest; the trail has it whole. */
const NOTE_BUDGET = 100;

const OUTCOME_LABELS: Record<SessionOutcome, string> = {
  ACTIVE: 'Still active',
  NORMAL: 'Ended normally',
  FORCED: 'Forced (revoked, ticket closed)',
  EXPIRED: 'Expired',
};
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Width of the trend's text bars: fits a phone screen in a code block. */
const TREND_BAR_WIDTH = 20;

/**
 * The weekly digest for the compliance channel: the week's numbers, the 12-month trend, the anomalies and the audit
 * chain head, and every break-glass of the week with its review. At most 28 blocks; the chart and the CSV follow as
 * files in its thread.
 */
export function digestMessage(digest: WeeklyDigest): SlackMessage {
  const title = `Weekly access digest ${digest.week}${digest.partial ? ' (so far)' : ''}`;
  const blocks: KnownBlock[] = [
    header(title),
    context(
      `${digest.sessionsPerDay[0]?.day} to ${digest.sessionsPerDay.at(-1)?.day} (${escapeAndTruncate(digest.timeZone, 60)})` +
        ` · generated ${date(digest.generatedAt)}`,
    ),
    fieldsSection([
      `*Sessions*\n${digest.sessions} ${changeText(digest)}`,
      `*Active now*\n${digest.activeNow}`,
      `*Average duration*\n${formatAverageDuration(digest.averageDurationMs)}`,
      `*Requests*\n${digest.requests}`,
      `*Denials*\n${digest.denials}`,
      `*Lapses*\n${digest.lapses}`,
    ]),
    section(
      `*By end reason*\n${SESSION_OUTCOMES.map((o) => `${OUTCOME_LABELS[o]}: ${digest.byOutcome[o]}`).join(' · ')}`,
    ),
    section(`*Top admins*\n${topAdminsText(digest)}`),
    section(`*Sessions per day*\n${perDayText(digest)}`),
    section(`*12-month trend*\n${trendText(digest)}`),
    divider(),
    ...anomalyBlocks(digest),
    divider(),
    ...breakGlassBlocks(digest),
    divider(),
    section(
      `*Audit chain head*\nseq \`${digest.chainHead.seq}\` · sha256 \`${escapeAndTruncate(digest.chainHead.hash, 64)}\`\n` +
        'Compare with `grantdesk audit verify`: a trail rewritten after this digest will not reach this hash.',
    ),
    context(':paperclip: The chart and a CSV of the week’s sessions are in the thread.'),
  ];
  const fallback = `${title}: ${digest.sessions} sessions, ${digest.anomalies.length} anomalies, chain head seq ${digest.chainHead.seq}`;
  return message(fallback, blocks);
}

function changeText(digest: WeeklyDigest): string {
  const change = weekOverWeekChange(digest.sessions, digest.previousWeekSessions);
  const previous = `${digest.previousWeekSessions} the week before`;
  if (change === null) return `(${previous})`;
  return `(${change >= 0 ? '+' : ''}${change}% vs ${previous})`;
}

function topAdminsText(digest: WeeklyDigest): string {
  if (digest.topAdmins.length === 0) return '_No sessions this week._';
  return digest.topAdmins
    .map((a, i) => {
      const who = isSlackUserId(a.slackId) ? user(a.slackId) : escapeAndTruncate(a.slackId, 60);
      const email = a.admin !== a.slackId ? ` (${escapeAndTruncate(a.admin, 100)})` : '';
      return `${i + 1}. ${who}${email}: ${a.sessions}`;
    })
    .join('\n');
}

function perDayText(digest: WeeklyDigest): string {
  return digest.sessionsPerDay
    .map(({ day, sessions }) => `${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]} ${day.slice(8)}: ${sessions}`)
    .join(' · ');
}

/** One line per month with a bar of block characters, in a code block so the bars line up. */
function trendText(digest: WeeklyDigest): string {
  const max = Math.max(1, ...digest.monthlyTrend.map((m) => m.sessions));
  const width = Math.max(...digest.monthlyTrend.map((m) => String(m.sessions).length));
  const lines = digest.monthlyTrend.map(({ month, sessions }) => {
    const bar = '█'.repeat(Math.round((sessions / max) * TREND_BAR_WIDTH)) || '·';
    return `${month} ${String(sessions).padStart(width)} ${bar}`;
  });
  return `\`\`\`${lines.join('\n')}\`\`\``;
}

function breakGlassBlocks(digest: WeeklyDigest): KnownBlock[] {
  const all = digest.breakGlass;
  if (all.length === 0) return [section('*Break-glass*\nNone this week.')];
  const lines = all.slice(0, BREAK_GLASS_PER_SECTION * BREAK_GLASS_SECTIONS).map((entry) => {
    const who = isSlackUserId(entry.requesterId) ? user(entry.requesterId) : escapeAndTruncate(entry.requesterId, 60);
    const taken = `${escapeAndTruncate(entry.shortCode, 20)} by ${who} on *${escapeAndTruncate(singleLine(entry.tenant), 60)}* ${date(entry.startTime)}`;
    if (!entry.review) return `• ${taken}: :warning: *not reviewed*`;
    const { review } = entry;
    const how = review.outcome === 'flagged' ? ':triangular_flag_on_post: flagged' : ':white_check_mark: acknowledged';
    const note = review.note ? ` "${escapeAndTruncate(singleLine(review.note), NOTE_BUDGET)}"` : '';
    return `• ${taken}: ${how} by ${user(review.reviewerId)}${note}`;
  });
  const unreviewed = all.filter((entry) => !entry.review).length;
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < lines.length; i += BREAK_GLASS_PER_SECTION) {
    const title = i === 0 ? `*Break-glass (${all.length}, ${unreviewed} not reviewed)*\n` : '';
    blocks.push(section(title + lines.slice(i, i + BREAK_GLASS_PER_SECTION).join('\n')));
  }
  if (all.length > lines.length) {
    blocks.push(context(`… and ${all.length - lines.length} more: the audit trail has every GRANT_BREAK_GLASS.`));
  }
  return blocks;
}

function anomalyBlocks(digest: WeeklyDigest): KnownBlock[] {
  const { anomalies } = digest;
  if (anomalies.length === 0) return [section('*Anomalies*\nNone this week.')];
  const bySeverity = (['HIGH', 'MEDIUM', 'LOW'] as const)
    .map((s) => [s, anomalies.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${SEVERITY_ICONS[s]} ${n} ${s}`)
    .join(' · ');
  const blocks: KnownBlock[] = [section(`*Anomalies (${anomalies.length})*\n${bySeverity}`)];
  blocks.push(...anomalies.slice(0, DIGEST_FINDINGS_SHOWN).map(findingSection));
  if (anomalies.length > DIGEST_FINDINGS_SHOWN) {
    blocks.push(
      context(`… and ${anomalies.length - DIGEST_FINDINGS_SHOWN} more; the CSV marks every flagged session.`),
    );
  }
  return blocks;
}
