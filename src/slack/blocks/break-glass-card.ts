import type { KnownBlock } from '@slack/types';
import { reviewDueAt } from '../../domain/break-glass.ts';
import { formatDuration } from '../../domain/duration.ts';
import { accessLevelOf, type BreakGlassReview, type Grant } from '../../domain/grant.ts';
import { date, user } from '../mrkdwn.ts';
import { ActionId } from './action-ids.ts';
import { actions, button, context, fieldsSection, header, message, type SlackMessage, section } from './block-kit.ts';
import { endedHow, reasonText, TextBudget, targetUserName, tenantName, ticketLine } from './grant-facts.ts';

export interface BreakGlassCardOptions {
  /** BREAK_GLASS_REVIEW_WITHIN, to say by when it should be reviewed. */
  reviewWithinMs: number;
  now: Date;
}

/**
 * A break-glass, as the approver and compliance channels see it: who took which tenant, why, under which ticket,
 * until when, and its review. Until reviewed it carries **Review** (the listener opens the review modal; who may
 * review is decided on submission); once reviewed, the button gives way to who reviewed it, how and with what note.
 */
export function breakGlassCard(grant: Grant, options: BreakGlassCardOptions): SlackMessage {
  const blocks: KnownBlock[] = [
    header(`:rotating_light: Break-glass ${grant.shortCode}`),
    section(
      `${user(grant.requesterId)} took access without approval. It is active at once; an approver must review it.`,
    ),
    fieldsSection([
      `*Requester*\n${user(grant.requesterId)}`,
      `*Tenant*\n${tenantName(grant.tenant)}`,
      `*Target user*\n${grant.targetUser ? targetUserName(grant.targetUser) : '_not named_'}`,
      `*Duration*\n${formatDuration(grant.requestedDurationMs)}`,
      `*Access*\n${accessLevelOf(grant) === 'write' ? ':pencil2: write' : 'read'}`,
      `*Status*\n${statusText(grant)}`,
    ]),
    section(`*Ticket*\n${ticketLine(grant.ticket)}`),
    section(`*Reason*\n${reasonText(grant.reason)}`),
  ];
  if (grant.review) {
    blocks.push(context(reviewLine(grant.review)));
  } else {
    const due = reviewDueAt(grant, options.reviewWithinMs);
    const overdue = options.now.getTime() >= due.getTime();
    blocks.push(
      context(
        `${overdue ? ':warning: Review overdue' : 'Not reviewed yet'}: review by ${date(due)} · ${grant.shortCode}`,
      ),
      actions(`grant.review.${grant.id}`, [
        button({ actionId: ActionId.openReviewModal, text: 'Review', value: grant.id, style: 'primary' }),
      ]),
    );
  }
  const reviewed = grant.review ? ` (${grant.review.outcome})` : ' (not reviewed)';
  return message(
    `Break-glass ${grant.shortCode} by ${user(grant.requesterId)} on ${tenantName(grant.tenant)}${reviewed}`,
    blocks,
  );
}

function statusText(grant: Grant): string {
  if (grant.status === 'ACTIVE' && grant.expiresAt) return `Active until ${date(grant.expiresAt)}`;
  if (grant.status === 'ENDED') return `Ended (${endedHow(grant)})`;
  return grant.status;
}

/** `:white_check_mark: Acknowledged by <@U…> <date>` or `:triangular_flag_on_post: Flagged by … : note`. */
export function reviewLine(review: BreakGlassReview): string {
  const how = review.outcome === 'flagged' ? ':triangular_flag_on_post: Flagged' : ':white_check_mark: Acknowledged';
  const note = review.note ? `: ${reasonText(review.note, TextBudget.shortReason)}` : '';
  return `${how} by ${user(review.reviewerId)} ${date(review.reviewedAt)}${note}`;
}
