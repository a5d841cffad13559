import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.ts';
import { settleClick } from '../settle-click.ts';
import { staffActor } from '../staff-actor.ts';

/** **End now** (decision DM, expiry warning, `/grant list`, App Home): the requester ends their session. */
export function endGrantAction(deps: ListenerDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    await settleClick(deps, { body, respond, client, logger }, 'end', async () =>
      deps.services.endGrant({ grantId: action.value ?? '', actor: await staffActor(deps.people, body.user.id) }),
    );
  };
}
