import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../domain/duration.ts';
import { accessLevelOf, type Grant, requiredApprovalsOf } from '../../domain/grant.ts';
import { breakGlassReviewWithinOf } from '../../domain/grant-policy.ts';
import { date, escapeAndTruncate, user } from '../mrkdwn.ts';
import { context, fieldsSection, header, message, type SlackMessage, section } from './block-kit.ts';
import { breakGlassCard } from './break-glass-card.ts';
import { decisionButtons } from './decision-buttons.ts';
import {
  approverMentions,
  quorumLine,
  reasonText,
  TextBudget,
  targetUserName,
  tenantName,
  ticketLine,
} from './grant-facts.ts';

export interface ApproverCardOptions {
  /** REQUIRED_APPROVALS: distinct approvals needed before the grant becomes active, unless its policy says more. */
  requiredApprovals: number;
  now: Date;
  /** PENDING_TTL, to say how long a lapsed request waited. */
  pendingTtlMs?: number;
  /** BREAK_GLASS_REVIEW_WITHIN, for a break-glass grant's card. */
  breakGlassReviewWithinMs?: number;
}

/**
 * The card posted to the approver channel. While the grant is PENDING it carries Approve (with a confirm dialog)
 * and Deny; once decided the same card is shown without buttons and with a line saying who decided, when and why,
 * so the channel history reads as a record. A break-glass grant needs no decision: its card is the break-glass
 * notice, with **Review**.
 */
export function approverCard(grant: Grant, options: ApproverCardOptions): SlackMessage {
  if (grant.breakGlass) {
    return breakGlassCard(grant, { reviewWithinMs: breakGlassReviewWithinOf(options), now: options.now });
  }
  const pending = grant.status === 'PENDING';
  const blocks: KnownBlock[] = [
    header(`Access request ${grant.shortCode}`),
    fieldsSection([
      `*Requester*\n${user(grant.requesterId)}`,
      `*Tenant*\n${tenantName(grant.tenant)}`,
      `*Target user*\n${grant.targetUser ? targetUserName(grant.targetUser) : '_not named_'}`,
      `*Duration*\n${formatDuration(grant.requestedDurationMs)}`,
      `*Access*\n${accessLevelOf(grant) === 'write' ? ':pencil2: write' : 'read'}`,
    ]),
    section(`*Ticket*\n${ticketLine(grant.ticket)}`),
    section(`*Reason*\n${reasonText(grant.reason)}`),
  ];
  const quorum = quorumLine(grant.approvals, requiredApprovalsOf(grant, options.requiredApprovals));
  if (pending) {
    blocks.push(context(`Requested ${date(grant.requestedAt)} · ${grant.shortCode}`, ...(quorum ? [quorum] : [])));
    blocks.push(decisionButtons(grant));
  } else {
    blocks.push(context(decisionLine(grant, options)));
  }
  return message(`${fallbackPrefix(grant)}: ${fallbackSummary(grant)}`, blocks);
}

function fallbackPrefix(grant: Grant): string {
  const label = `Access request ${grant.shortCode}`;
  switch (grant.status) {
    case 'PENDING':
      return label;
    case 'DENIED':
      return `${label} (denied)`;
    case 'CANCELLED':
      return `${label} (cancelled)`;
    case 'LAPSED':
      return `${label} (lapsed)`;
    default:
      return `${label} (approved)`;
  }
}

function fallbackSummary(grant: Grant): string {
  return `${user(grant.requesterId)} asks for ${tenantName(grant.tenant)} for ${formatDuration(grant.requestedDurationMs)} (${escapeAndTruncate(grant.ticket.key, 50)})`;
}

/** Who decided, when and why: the line that replaces the buttons. */
function decisionLine(grant: Grant, options: ApproverCardOptions): string {
  const at = date(grant.decidedAt ?? options.now);
  switch (grant.status) {
    case 'DENIED': {
      const by = grant.decidedBy ? ` by ${user(grant.decidedBy)}` : '';
      const why = grant.denyReason ? `: ${reasonText(grant.denyReason, TextBudget.reason)}` : '';
      return `:no_entry: Denied${by} ${at}${why}`;
    }
    case 'CANCELLED':
      return `:leftwards_arrow_with_hook: Cancelled by the requester ${at}`;
    case 'LAPSED': {
      const ttl = options.pendingTtlMs ? `within ${formatDuration(options.pendingTtlMs)}` : 'in time';
      return `:hourglass: Lapsed ${at}: no decision ${ttl}`;
    }
    case 'PENDING':
      return `Requested ${date(grant.requestedAt)}`;
    default: {
      // ACTIVE or ENDED: it was approved; the thread carries what happened after.
      if (grant.approvedByPolicy) {
        return `:white_check_mark: Approved by policy ${escapeAndTruncate(grant.approvedByPolicy, 100)} ${date(grant.decidedAt ?? options.now)}`;
      }
      const by = grant.approvals.length > 0 ? ` by ${approverMentions(grant.approvals)}` : '';
      const approvedAt = date(grant.decidedAt ?? grant.startTime ?? options.now);
      return `:white_check_mark: Approved${by} ${approvedAt}`;
    }
  }
}
