import type { KnownBlock } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { date, link } from '../mrkdwn.ts';
import { ActionId } from './action-ids.ts';
import { actions, button, context, message, type SlackMessage, section } from './block-kit.ts';
import { tenantAndTarget, tenantName, ticketLine } from './grant-facts.ts';

/**
 * The refusal of a second request for a need the requester already has open (DESIGN.md §7), naming the first: its
 * short code, ticket, when it was asked for, and a link to its approver card when Slack gave one. While the first
 * waits, the way on is to wait or cancel it; once it is active, **Extend instead** opens the extend modal on it (the
 * same modal and listener as the expiry warning's **Extend**), unless an extension already waits for approval.
 */
export function duplicateRequestReply(first: Grant, cardUrl: string | null): SlackMessage {
  const what = `${tenantAndTarget(first)}: ${first.shortCode}, requested ${date(first.requestedAt)}`;
  const details = context(
    [`Ticket: ${ticketLine(first.ticket)}`, cardUrl ? link(cardUrl, 'its approver card') : '']
      .filter(Boolean)
      .join(' · '),
  );
  const tenant = tenantName(first.tenant);
  if (first.status !== 'ACTIVE') {
    return message(`You already have a pending request for ${tenant} (${first.shortCode})`, [
      section(
        `:no_entry: You already have a pending request for ${what}. ` +
          `Wait for the approvers, or cancel it with \`/grant cancel ${first.shortCode}\` and ask again.`,
      ),
      details,
    ]);
  }
  const until = first.expiresAt ? `, active until ${date(first.expiresAt)}` : '';
  const blocks: KnownBlock[] = [
    section(`:no_entry: You already have access to ${what}${until}. Extend it instead of asking again.`),
    details,
  ];
  if (first.pendingExtension) blocks.push(section('An extension of it is already waiting for approval.'));
  else {
    blocks.push(
      actions(`grant.duplicate.${first.id}`, [
        button({ actionId: ActionId.openExtendModal, text: 'Extend instead', value: first.id, style: 'primary' }),
      ]),
    );
  }
  return message(`You already have access to ${tenant} (${first.shortCode})`, blocks);
}
