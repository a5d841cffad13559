import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseExtensionButtonValue } from '../../blocks/extension-card.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { settleClick } from '../settle-click.ts';
import { staffActor } from '../staff-actor.ts';

/** **Approve** on an extension card: the Nth distinct approval moves the expiry (never past GRANT_MAX_DURATION). */
export function approveExtensionAction(deps: ListenerDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    await settleClick(deps, { body, respond, client, logger }, 'approve extension', async () =>
      deps.services.approveExtension({
        ...parseExtensionButtonValue(action.value ?? ''),
        approver: await staffActor(deps.people, body.user.id),
      }),
    );
  };
}
