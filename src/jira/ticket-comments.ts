/**
 * The comments Grantdesk leaves on a grant's Jira ticket, so whoever reads the ticket sees that someone acted as a
 * customer's user, under whose approval, for how long and what they did. Pure text builders; the jira job posts them.
 *
 * Jira renders REST API v2 comment bodies as wiki markup, so text that people typed (reason, notes, actions) is
 * defused before it is shown: whitespace runs (newlines included) become one space, so a reason cannot forge a line
 * such as "Approved by: …", and the characters that make links, images, macros and tables are escaped, so it cannot
 * plant a disguised link either. The audit trail keeps the exact text; the comment is a readable copy.
 */
import { formatDuration } from '../domain/duration.ts';
import type { EndReason, Grant } from '../domain/grant.ts';

/** Jira refuses a comment longer than this (its default `jira.text.field.character.limit`). */
export const JIRA_COMMENT_MAX_LENGTH = 32_767;

/** An action the console recorded during the session. */
export interface RecordedAction {
  action: string;
  recordedAt: Date;
}

/** An approved extension, as the GRANT_EXTENDED audit event describes it. */
export interface ExtensionSummary {
  /** Who approved it: emails where known, otherwise Slack user ids. */
  approvedBy: readonly string[];
  reason: string;
  /** How much time it added. */
  durationMs: number;
}

const END_REASON_TEXT: Record<EndReason, string> = {
  NORMAL: 'NORMAL (ended by the requester or the support console)',
  FORCED: 'FORCED (revoked, or its ticket was closed)',
  EXPIRED: 'EXPIRED (its time ran out)',
};

/** `IMPERSONATION_START`: the grant was approved and the session window opened. */
export function grantActivatedComment(grant: Grant): string {
  const approvers = grant.approvals.map((a) => `${a.approverEmail ?? a.approverId} at ${utc(a.approvedAt)}`);
  return [
    `Grantdesk: impersonation grant ${grant.shortCode} is ACTIVE.`,
    `Requested by: ${person(grant.requesterId, grant.requesterEmail)}`,
    `Approved by: ${approvers.length > 0 ? approvers.join('; ') : 'nobody recorded'}`,
    `Tenant: ${plain(grant.tenant)}`,
    `Acting as user: ${grant.targetUser ? plain(grant.targetUser) : 'not specified'}`,
    `Window (UTC): ${utc(grant.startTime)} – ${utc(grant.expiresAt)} (${formatDuration(grant.requestedDurationMs)})`,
    `Reason: ${plain(grant.reason)}`,
  ].join('\n');
}

/** `GRANT_EXTENDED`: approvers moved the expiry later. `grant` is the grant after the extension. */
export function grantExtendedComment(grant: Grant, extension: ExtensionSummary): string {
  return [
    `Grantdesk: impersonation grant ${grant.shortCode} on tenant ${plain(grant.tenant)} was extended by ${formatDuration(extension.durationMs)}.`,
    `New expiry (UTC): ${utc(grant.expiresAt)}`,
    `Approved by: ${extension.approvedBy.length > 0 ? extension.approvedBy.map(plain).join(', ') : 'nobody recorded'}`,
    `Reason: ${plain(extension.reason)}`,
  ].join('\n');
}

/**
 * `IMPERSONATION_END`: how the session ended, how long it lasted and every action recorded during it, oldest first.
 * When the actions would push the comment past Jira's length limit, the list is cut and says how many were left out.
 */
export function grantEndedComment(grant: Grant, actions: readonly RecordedAction[]): string {
  const lastedMs =
    grant.startTime && grant.endTime ? Math.max(0, grant.endTime.getTime() - grant.startTime.getTime()) : 0;
  // Whole minutes rounded like the IMPERSONATION_END event's durationMinutes, so the two never disagree.
  const minutes = Math.round(lastedMs / 60_000);
  const head = [
    `Grantdesk: impersonation grant ${grant.shortCode} on tenant ${plain(grant.tenant)} has ENDED.`,
    `End reason: ${grant.endReason ? END_REASON_TEXT[grant.endReason] : 'not recorded'}`,
    `Note: ${grant.endNote ? plain(grant.endNote) : 'none'}`,
    `Window (UTC): ${utc(grant.startTime)} – ${utc(grant.endTime)}`,
    `Duration: ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} (${formatDuration(lastedMs)})`,
  ];
  if (actions.length === 0) return [...head, 'Actions recorded: none'].join('\n');

  const sorted = [...actions].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const lines = [...head, `Actions recorded (${sorted.length}):`];
  // Room kept for the "…and N more" line, whose longest form is well under 100 characters.
  let room = JIRA_COMMENT_MAX_LENGTH - lines.join('\n').length - 100;
  let shown = 0;
  for (const { action, recordedAt } of sorted) {
    const line = `- ${utc(recordedAt)} ${plain(action)}`;
    if (line.length + 1 > room) break;
    lines.push(line);
    room -= line.length + 1;
    shown += 1;
  }
  if (shown < sorted.length) {
    lines.push(`…and ${sorted.length - shown} more, listed in the Grantdesk audit trail for ${grant.shortCode}.`);
  }
  return lines.join('\n');
}

/** ISO 8601 in UTC to the second: `2024-05-01T10:00:00Z`. */
function utc(date: Date | null): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : 'unknown';
}

function person(id: string, email: string | null): string {
  return email ? `${plain(email)} (Slack ${plain(id)})` : `Slack user ${plain(id)}`;
}

/**
 * Text typed by people, made inert for Jira's wiki renderer: one line, and `[ ] { } | !` (links, mentions,
 * macros, tables, images) escaped with a backslash. A typed backslash becomes a fullwidth one (＼), because in wiki
 * markup a backslash either escapes the next character or, doubled, forces a line break.
 */
function plain(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\/g, '＼')
    .replace(/[[\]{}|!]/g, (char) => `\\${char}`);
}
