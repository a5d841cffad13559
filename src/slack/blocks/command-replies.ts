/**
 * Short replies to the person who typed a command, clicked or submitted a form: what was done, or why nothing
 * changed. Only that person sees them (ephemeral, or in their own modal).
 */
import { formatDuration } from '../../domain/duration.ts';
import type { Grant } from '../../domain/grant.ts';
import { escapeAndTruncate, SECTION_TEXT_MAX } from '../mrkdwn.ts';
import { message, type SlackMessage, section } from './block-kit.ts';
import { reasonText, TextBudget, tenantAndTarget } from './grant-facts.ts';

/** A use case changed nothing (a repeated click, an approval already given): its note says why, escaped. */
export function unchangedNote(note: string): string {
  return `:information_source: ${escapeAndTruncate(note, SECTION_TEXT_MAX - 30)}`;
}

export function unchangedReply(note: string): SlackMessage {
  const text = unchangedNote(note);
  return message(text, [section(text)]);
}

/** The approver who revoked is told it is done; the requester is DMed separately. */
export function revokedReply(grant: Grant): SlackMessage {
  const why = grant.endNote ? `: ${reasonText(grant.endNote, TextBudget.shortReason)}` : '';
  return message(`Revoked ${grant.shortCode}`, [
    section(`:lock: Revoked ${grant.shortCode} (${tenantAndTarget(grant)})${why}. The requester is told.`),
  ]);
}

/** The requester asked for more time; approvers decide on a card of its own. */
export function extensionRequestedReply(grant: Grant): SlackMessage {
  const extension = grant.pendingExtension;
  const by = extension ? ` by ${formatDuration(extension.durationMs)}` : '';
  return message(`Asked to extend ${grant.shortCode}${by}`, [
    section(
      `:hourglass_flowing_sand: Asked approvers to extend ${grant.shortCode} (${tenantAndTarget(grant)})${by}. ` +
        'You will get a DM when they decide.',
    ),
  ]);
}

/** An approver denied a request or an extension from the deny modal. */
export function deniedReply(grant: Grant, what: 'request' | 'extension'): SlackMessage {
  const text = `:no_entry: Denied the ${what} ${grant.shortCode} (${tenantAndTarget(grant)}). The requester is told.`;
  return message(`Denied ${grant.shortCode}`, [section(text)]);
}
