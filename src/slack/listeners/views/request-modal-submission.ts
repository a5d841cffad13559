import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { checkGrantRequest } from '../../../app/request-grant.ts';
import { isDuplicateRequestError } from '../../../domain/duplicate-request.ts';
import { message, section } from '../../blocks/block-kit.ts';
import { decisionMessage } from '../../blocks/decision-message.ts';
import { duplicateRequestReply } from '../../blocks/duplicate-request-reply.ts';
import { noticeModal } from '../../blocks/notice-modal.ts';
import { parseRequestModal, requestModal } from '../../blocks/request-modal.ts';
import { fieldErrors } from '../../field-errors.ts';
import { escapeText } from '../../mrkdwn.ts';
import { cardPermalink } from '../card-permalink.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { showInModal } from './show-in-modal.ts';

const TITLE = 'Request access';

/**
 * The request modal submitted. Fields that are wrong come back under their input (`response_action: errors`), from
 * checks that need no I/O. Otherwise the acknowledgement swaps the form for "Checking OPS-123 with Jira…" and the
 * request runs after it: the outcome, or the form again with the refusal on top, replaces that notice. The view id
 * is the request key, so a redelivered submission returns the grant the first one made. A second request for a need
 * already open shows the first instead of the form (with **Extend instead** when it is active).
 */
export function requestModalSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const userId = body.user.id;
    const policy = deps.policy;
    const form = parseRequestModal(view.state.values);
    const request = { ...form, requesterId: userId, requesterEmail: null, durationMs: form.durationMs ?? null };
    const errors = fieldErrors(() => checkGrantRequest(request, policy, deps.ticketPolicy));
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const checking: KnownBlock[] = [
      section(`:hourglass_flowing_sand: Checking ${escapeText(form.ticketKey)} with Jira…`),
    ];
    await ack({ response_action: 'update', view: noticeModal(TITLE, checking) });

    let outcome: Parameters<typeof showInModal>[3];
    try {
      const result = await deps.services.requestGrant({
        ...request,
        requesterEmail: await deps.people.emailOf(userId),
        requestKey: view.id,
      });
      const decided = decisionMessage(result.grant);
      outcome = { view: noticeModal(TITLE, decided.blocks), fallback: decided };
    } catch (error) {
      if (isDuplicateRequestError(error)) {
        // Not the form again: the need is already met or asked for; the reply says by which grant and what to do.
        const reply = duplicateRequestReply(error.existing, await cardPermalink(client, logger, error.existing));
        await showInModal(
          client,
          logger,
          { viewId: view.id, userId },
          { view: noticeModal(TITLE, reply.blocks), fallback: reply },
        );
        return;
      }
      const notice = reportFailure(logger, error, 'request');
      const initial = {
        tenant: form.tenant,
        ticketKey: form.ticketKey,
        reason: form.reason,
        accessLevel: form.accessLevel,
        ...(form.targetUser ? { targetUser: form.targetUser } : {}),
      };
      outcome = {
        // The duration chosen stays selected: durationOptions clamps the "default" into the bounds.
        view: requestModal({
          ...policy,
          defaultDurationMs: request.durationMs ?? policy.defaultDurationMs,
          initial,
          notice,
        }),
        fallback: message(notice, [section(notice)]),
      };
    }
    await showInModal(client, logger, { viewId: view.id, userId }, outcome);
  };
}
