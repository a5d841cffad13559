import type { ImpersonationStats } from '../../app/compute-stats.ts';
import { AVERAGE_DURATION_NOTE, formatAverageDuration } from '../../domain/average-duration.ts';
import { escapeAndTruncate, singleLine } from '../mrkdwn.ts';
import { context, fieldsSection, header, message, type SlackMessage, section } from './block-kit.ts';

/** Admins and months listed; the rest is summed into "others" (a message should stay glanceable). */
const TOP = 10;
/** Months shown: the last year. */
const MONTHS = 12;

/** The ephemeral answer to `/grant stats` (auditors and approvers): DESIGN.md §3 ImpersonationStats, readable. */
export function statsMessage(stats: ImpersonationStats): SlackMessage {
  const reasons = stats.sessionsByEndReason;
  const ended = reasons.NORMAL + reasons.FORCED + reasons.EXPIRED;
  const admins = Object.entries(stats.sessionsByAdmin).sort(([, a], [, b]) => b - a);
  const months = Object.entries(stats.sessionsByMonth)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-MONTHS);
  const others = admins.slice(TOP).reduce((sum, [, n]) => sum + n, 0);
  const adminLines = admins
    .slice(0, TOP)
    .map(([admin, n]) => `• ${escapeAndTruncate(singleLine(admin), 100)}: ${n}`)
    .concat(others > 0 ? [`• ${admins.length - TOP} others: ${others}`] : []);
  return message(`Impersonation statistics: ${stats.totalSessions} sessions, ${stats.activeSessions} active`, [
    header('Impersonation statistics'),
    fieldsSection([
      `*Sessions*\n${stats.totalSessions}`,
      `*Active now*\n${stats.activeSessions}`,
      `*Average duration*\n${formatAverageDuration(ended > 0 ? stats.averageDurationMinutes * 60_000 : null)}`,
      `*Ended*\nnormally ${reasons.NORMAL} · revoked ${reasons.FORCED} · expired ${reasons.EXPIRED}`,
    ]),
    section(`*By admin*\n${adminLines.join('\n') || '_none yet_'}`),
    section(`*By month*\n${months.map(([month, n]) => `${month}: ${n}`).join(' · ') || '_none yet_'}`),
    context(`Sessions are grants that became active. ${AVERAGE_DURATION_NOTE} \`/grant audit\` lists them.`),
  ]);
}
