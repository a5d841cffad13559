import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { InputId } from '../../blocks/action-ids.ts';
import { message, type SlackMessage, section } from '../../blocks/block-kit.ts';
import { extensionRequestedReply, unchangedReply } from '../../blocks/command-replies.ts';
import { extendModal, extensionBounds, parseExtendModal } from '../../blocks/extend-modal.ts';
import { noticeModal } from '../../blocks/notice-modal.ts';
import { fieldOf } from '../../field-errors.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { staffActor } from '../staff-actor.ts';
import { showInModal } from './show-in-modal.ts';

const TITLE = 'Extend access';

/**
 * The extend modal submitted. The acknowledgement shows "Asking approvers…" and the request runs after it; a refusal
 * about the duration or reason (past GRANT_MAX_DURATION, too short a reason) brings the form back with the refusal
 * on top, any other refusal is shown as it is.
 */
export function extendModalSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const input = parseExtendModal(view);
    if (input.durationMs === undefined) {
      await ack({ response_action: 'errors', errors: { [InputId.duration]: 'Choose how much longer you need.' } });
      return;
    }
    const asking = noticeModal(TITLE, [section(':hourglass_flowing_sand: Asking approvers…')]);
    await ack({ response_action: 'update', view: asking });

    let outcome: Parameters<typeof showInModal>[3];
    try {
      const change = await deps.services.extendGrant({
        grantId: input.grantId,
        actor: await staffActor(deps.people, body.user.id),
        durationMs: input.durationMs,
        reason: input.reason,
      });
      const reply = change.changed ? extensionRequestedReply(change.grant) : unchangedReply(change.note ?? '');
      outcome = { view: noticeModal(TITLE, reply.blocks), fallback: reply };
    } catch (error) {
      const notice = reportFailure(logger, error, 'extend');
      const fallback: SlackMessage = message(notice, [section(notice)]);
      const grant = fieldOf(error) ? await deps.services.getGrant({ grantId: input.grantId }) : undefined;
      outcome = grant
        ? { view: extendModal(grant, extensionBounds(grant, deps.policy), notice), fallback }
        : { view: noticeModal(TITLE, fallback.blocks), fallback };
    }
    await showInModal(client, logger, { viewId: view.id, userId: body.user.id }, outcome);
  };
}
