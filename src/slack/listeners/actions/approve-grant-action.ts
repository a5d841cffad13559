import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { timePhase } from '../../../phase-times.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { settleClick } from '../settle-click.ts';
import { staffActor } from '../staff-actor.ts';

/**
 * **Approve** on a request (channel card or App Home), after its confirm dialog. A second click, or Slack delivering
 * the click twice, finds the approval already recorded and changes nothing; a non-approver or the requester is
 * refused (and the refusal audited) with an explanation only they see.
 */
export function approveGrantAction(deps: ListenerDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    await settleClick(
      deps,
      { body, respond, client, logger },
      'approve',
      async () =>
        deps.services.approveGrant({
          grantId: action.value ?? '',
          approver: await timePhase('people lookup', () => staffActor(deps.people, body.user.id)),
        }),
      { showCard: true },
    );
  };
}
