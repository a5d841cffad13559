import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../domain/duration.ts';
import type { Grant } from '../../domain/grant.ts';
import { date, escapeAndTruncate, user } from '../mrkdwn.ts';
import { actions, context, message, type SlackMessage, section } from './block-kit.ts';
import { endNowButton } from './end-now-button.ts';
import { endedMessage } from './ended-message.ts';
import { approverMentions, reasonText, tenantAndTarget, tenantName, ticketLine } from './grant-facts.ts';

/**
 * The DM telling the requester how their request was decided: approved (with the window and **End now**), denied
 * (with the reason), lapsed, or cancelled. A grant that already ended gets the ended message instead, so a late
 * delivery never offers a button for a session that is over.
 */
export function decisionMessage(grant: Grant): SlackMessage {
  const what = `${tenantAndTarget(grant)} (${grant.shortCode})`;
  const tenant = tenantName(grant.tenant);
  const ticket = context(`Ticket: ${ticketLine(grant.ticket)}`);
  switch (grant.status) {
    case 'ACTIVE': {
      const window =
        grant.startTime && grant.expiresAt
          ? `\n*Window:* ${date(grant.startTime)} → ${date(grant.expiresAt)} (${formatDuration(grant.expiresAt.getTime() - grant.startTime.getTime())})`
          : '';
      const by = grant.approvedByPolicy
        ? `\nApproved by policy ${escapeAndTruncate(grant.approvedByPolicy, 100)}.`
        : grant.approvals.length > 0
          ? `\nApproved by ${approverMentions(grant.approvals)}.`
          : '';
      if (grant.breakGlass) {
        return message(`Break-glass: your access to ${tenant} (${grant.shortCode}) is active`, [
          section(
            `:rotating_light: *Break-glass:* your access to ${what} is active.${window}\n` +
              'Approvers and compliance have been told; an approver will review it.',
          ),
          ticket,
          actions(`grant.active.${grant.id}`, [endNowButton(grant)]),
        ]);
      }
      const blocks: KnownBlock[] = [
        section(`:white_check_mark: *Approved:* your access to ${what} is active.${window}${by}`),
        ticket,
        actions(`grant.active.${grant.id}`, [endNowButton(grant)]),
      ];
      return message(`Approved: your access to ${tenant} (${grant.shortCode}) is active`, blocks);
    }
    case 'DENIED': {
      const by = grant.decidedBy ? ` by ${user(grant.decidedBy)}` : '';
      const why = grant.denyReason ? `\n*Reason:* ${reasonText(grant.denyReason)}` : '';
      return message(`Denied: your request for ${tenant} (${grant.shortCode})`, [
        section(`:no_entry: *Denied:* your request for ${what} was denied${by}.${why}`),
        ticket,
      ]);
    }
    case 'LAPSED':
      return message(`Lapsed: your request for ${tenant} (${grant.shortCode})`, [
        section(
          `:hourglass: *Lapsed:* nobody decided on your request for ${what} in time. If you still need access, ask again with \`/grant\`.`,
        ),
        ticket,
      ]);
    case 'CANCELLED':
      return message(`Cancelled: your request for ${tenant} (${grant.shortCode})`, [
        section(`:leftwards_arrow_with_hook: *Cancelled:* your request for ${what} was cancelled.`),
        ticket,
      ]);
    case 'PENDING':
      return message(`Requested: ${tenant} (${grant.shortCode}) is waiting for approval`, [
        section(
          `:hourglass_flowing_sand: Your request for ${what} is waiting for approval.\n*Duration:* ${formatDuration(grant.requestedDurationMs)}, counted from approval.`,
        ),
        ticket,
      ]);
    case 'ENDED':
      return endedMessage(grant);
  }
}
