import { formatDuration } from '../../domain/duration.ts';
import type { Grant } from '../../domain/grant.ts';
import type { LifecycleEvent } from '../../domain/notification-plan.ts';
import { date, escapeAndTruncate, singleLine, user } from '../mrkdwn.ts';
import { message, type SlackMessage, section } from './block-kit.ts';
import { approverMentions, endedHow, sessionLength, TextBudget, tenantAndTarget } from './grant-facts.ts';

/** A short reply in the approver card's thread. */
export function lifecycleReply(grant: Grant, event: LifecycleEvent): SlackMessage {
  const text = replyText(grant, event);
  return message(text.plain, [section(text.mrkdwn)]);
}

function replyText(grant: Grant, event: LifecycleEvent): { plain: string; mrkdwn: string } {
  const code = grant.shortCode;
  switch (event.kind) {
    case 'active': {
      const until = grant.expiresAt ? ` until ${date(grant.expiresAt)}` : '';
      const by = grant.approvals.length > 0 ? ` Approved by ${approverMentions(grant.approvals)}.` : '';
      return {
        plain: `${code} is active`,
        mrkdwn: `:large_green_circle: ${code} is active${until} (${formatDuration(grant.requestedDurationMs)}).${by}`,
      };
    }
    case 'extended': {
      const added = event.addedMs ? ` by ${formatDuration(event.addedMs)}` : '';
      const until = grant.expiresAt ? `; it now expires ${date(grant.expiresAt)}` : '';
      return { plain: `${code} extended${added}`, mrkdwn: `:arrows_clockwise: ${code} extended${added}${until}.` };
    }
    case 'ended': {
      const lasted = sessionLength(grant);
      return {
        plain: `${code} ended`,
        mrkdwn: `:lock: ${code} ended${lasted ? ` after ${lasted}` : ''} (${endedHow(grant)}).`,
      };
    }
    case 'action':
      return {
        plain: `${code}: action recorded`,
        mrkdwn: `:memo: Action recorded on ${code}: ${escapeAndTruncate(event.action, TextBudget.action)}`,
      };
    case 'review-due':
      return {
        plain: `${code} is a break-glass not yet reviewed`,
        mrkdwn: `:rotating_light: Reminder: the break-glass ${code} by ${user(grant.requesterId)} on ${tenantAndTarget(grant)} is still not reviewed. An approver other than the requester: press *Review* on the card above.`,
      };
    case 'refused': {
      const who = event.who ? user(event.who) : 'The support console';
      const attempted = escapeAndTruncate(singleLine(event.attempted), 50);
      return {
        plain: `${code}: refused ${attempted}`,
        mrkdwn: `:warning: Refused (${attempted}): ${who}. ${escapeAndTruncate(singleLine(event.why), TextBudget.shortReason)}`,
      };
    }
  }
}
