import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { message, section } from '../../blocks/block-kit.ts';
import { reviewLine } from '../../blocks/break-glass-card.ts';
import { unchangedReply } from '../../blocks/command-replies.ts';
import { noticeModal } from '../../blocks/notice-modal.ts';
import { parseReviewModal } from '../../blocks/review-modal.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { showCard } from '../show-card.ts';
import { staffActor } from '../staff-actor.ts';
import { showInModal } from './show-in-modal.ts';

const TITLE = 'Review break-glass';

/**
 * The review modal submitted. A flag without a note comes back under the note; otherwise "Recording…" acknowledges it
 * and the use case runs after, its outcome (or the refusal: not an approver, the requester, already reviewed)
 * replacing that notice. The card shows the review at once; the notifier updates the compliance notice.
 */
export function reviewModalSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const input = parseReviewModal(view);
    if (!input) {
      logger.warn('review modal submitted without the metadata it was opened with');
      await ack();
      return;
    }
    if (input.outcome === 'flagged' && !input.note) {
      await ack({
        response_action: 'errors',
        errors: { review_note: 'Say why you flag it: compliance follows this up.' },
      });
      return;
    }
    await ack({
      response_action: 'update',
      view: noticeModal(TITLE, [section(':hourglass_flowing_sand: Recording…')]),
    });

    let reply: ReturnType<typeof unchangedReply>;
    try {
      const reviewer = await staffActor(deps.people, body.user.id);
      const change = await deps.services.reviewBreakGlass({ ...input, reviewer });
      if (change.changed && change.grant.review) {
        const text = `${reviewLine(change.grant.review)} · ${change.grant.shortCode}`;
        reply = message(`Reviewed ${change.grant.shortCode}`, [section(text)]);
        await showCard(deps, client, logger, change.grant);
      } else {
        reply = unchangedReply(change.note ?? 'Nothing changed.');
      }
    } catch (error) {
      const text = reportFailure(logger, error, 'review');
      reply = message(text, [section(text)]);
    }
    await showInModal(
      client,
      logger,
      { viewId: view.id, userId: body.user.id },
      { view: noticeModal(TITLE, reply.blocks), fallback: reply },
    );
  };
}
