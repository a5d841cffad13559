import type { KnownBlock } from '@slack/types';
import type { Page } from '../../app/page.ts';
import type { SessionInfo } from '../../app/session-info.ts';
import { formatDuration } from '../../domain/duration.ts';
import { shortCodeOf } from '../../domain/short-code.ts';
import { date, escapeAndTruncate, MESSAGE_BLOCKS_MAX, singleLine, user } from '../mrkdwn.ts';
import { context, message, type SlackMessage, section } from './block-kit.ts';
import { reasonText, TextBudget, tenantName, ticketLink } from './grant-facts.ts';

export interface AuditQuery {
  tenant: string | null;
  since: Date | null;
}

/** The ephemeral answer to `/grant audit [<tenant>] [<since>]`: the newest sessions, one block each. */
export function auditMessage(page: Page<SessionInfo>, query: AuditQuery): SlackMessage {
  const scope = [
    query.tenant ? `on *${tenantName(query.tenant)}*` : 'on every tenant',
    query.since ? `since ${query.since.toISOString().slice(0, 10)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (page.totalElements === 0) {
    return message('No sessions found', [section(`No sessions ${scope}.`)]);
  }
  // A heading and a footer around the entries.
  const shown = page.content.slice(0, MESSAGE_BLOCKS_MAX - 2);
  const blocks: KnownBlock[] = [section(`*Sessions ${scope}* (${page.totalElements}, newest first)`)];
  for (const session of shown) blocks.push(section(sessionText(session)));
  const more = page.totalElements - shown.length;
  blocks.push(
    context(
      more > 0
        ? `…and ${more} more. The REST API (GET /api/v1/impersonation/audit) pages through all of them.`
        : 'The REST API (GET /api/v1/impersonation/audit) has every field.',
    ),
  );
  return message(`Sessions ${scope.replace(/\*/g, '')}: ${page.totalElements}`, blocks);
}

function sessionText(session: SessionInfo): string {
  const admin = escapeAndTruncate(singleLine(session.adminUser), 100);
  const target = session.targetUser ? ` as ${escapeAndTruncate(singleLine(session.targetUser), 100)}` : '';
  const ticket = ticketLink({ key: session.ticketReference, url: session.ticketUrl });
  const started = session.startTime ? date(session.startTime) : '—';
  const ended = session.endTime
    ? `ended ${date(session.endTime)} (${session.endReason ?? 'ENDED'})`
    : `active until ${session.expiresAt ? date(session.expiresAt) : '—'}`;
  const lasted =
    session.startTime && session.endTime
      ? ` · ${formatDuration(Math.max(1000, session.endTime.getTime() - session.startTime.getTime()))}`
      : '';
  const approvers = session.approvers.map((a) => escapeAndTruncate(a, 100)).join(', ') || '—';
  return (
    `*${shortCodeOf(session.id)}* · ${user(session.adminSlackId)} (${admin}) on *${tenantName(session.tenant)}*${target} · ${ticket}\n` +
    `${started} → ${ended}${lasted} · approved by ${approvers} · ${session.actions.length} ${session.actions.length === 1 ? 'action' : 'actions'} recorded\n` +
    `_${reasonText(singleLine(session.reason), TextBudget.shortReason)}_`
  );
}
