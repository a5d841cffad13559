import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.ts';
import { settleClick } from '../settle-click.ts';
import { staffActor } from '../staff-actor.ts';

/** **Cancel** (`/grant list`, App Home): the requester withdraws a pending request. */
export function cancelGrantAction(deps: ListenerDeps) {
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
      'cancel',
      async () =>
        deps.services.cancelGrant({ grantId: action.value ?? '', actor: await staffActor(deps.people, body.user.id) }),
      { showCard: true },
    );
  };
}
