import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { message, section } from '../../blocks/block-kit.ts';
import { deniedReply, unchangedReply } from '../../blocks/command-replies.ts';
import { parseDenyModal } from '../../blocks/deny-modal.ts';
import { noticeModal } from '../../blocks/notice-modal.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { showCard } from '../show-card.ts';
import { staffActor } from '../staff-actor.ts';
import { showInModal } from './show-in-modal.ts';

const TITLE = 'Deny';

/**
 * The deny modal submitted, for a request or an extension. A blank reason comes back under its input; otherwise the
 * acknowledgement shows "Denying…" and the decision runs after it, its outcome (or the refusal: not an approver,
 * already decided) replacing that notice. A second submission finds the denial made and changes nothing.
 */
export function denyModalSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const input = parseDenyModal(view);
    if (!input) {
      logger.warn('deny modal submitted without the metadata it was opened with');
      await ack();
      return;
    }
    if (!input.reason) {
      await ack({ response_action: 'errors', errors: { reason: 'Say why: the requester reads the reason.' } });
      return;
    }
    await ack({ response_action: 'update', view: noticeModal(TITLE, [section(':hourglass_flowing_sand: Denying…')]) });

    let reply: ReturnType<typeof unchangedReply>;
    try {
      const approver = await staffActor(deps.people, body.user.id);
      const decision = { grantId: input.grantId, approver, reason: input.reason };
      const change =
        input.kind === 'grant'
          ? await deps.services.denyGrant(decision)
          : await deps.services.denyExtension({
              ...decision,
              ...(input.extensionId ? { extensionId: input.extensionId } : {}),
            });
      reply = change.changed
        ? deniedReply(change.grant, input.kind === 'grant' ? 'request' : 'extension')
        : unchangedReply(change.note ?? 'Nothing changed.');
      if (change.changed && input.kind === 'grant') await showCard(deps, client, logger, change.grant);
    } catch (error) {
      const text = reportFailure(logger, error, 'deny');
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
