import { formatDuration } from '../../domain/duration.ts';
import type { Grant } from '../../domain/grant.ts';
import { date } from '../mrkdwn.ts';
import { context, message, type SlackMessage, section } from './block-kit.ts';
import { endedHow, sessionLength, tenantAndTarget, tenantName, ticketLine } from './grant-facts.ts';

/** The DM telling the requester their access has ended: how (by them, revoked with the note, expired) and how long it ran. */
export function endedMessage(grant: Grant): SlackMessage {
  const how = endedHow(grant, grant.requesterId);
  const lasted = sessionLength(grant);
  const when = grant.endTime ? ` ${date(grant.endTime)}` : '';
  const length = lasted
    ? `\nThe session lasted ${lasted} of the ${formatDuration(grant.requestedDurationMs)} granted.`
    : '';
  return message(`Ended: your access to ${tenantName(grant.tenant)} (${grant.shortCode})`, [
    section(`:lock: Your access to ${tenantAndTarget(grant)} (${grant.shortCode}) has ended${when} (${how}).${length}`),
    context(`Ticket: ${ticketLine(grant.ticket)}`),
  ]);
}
