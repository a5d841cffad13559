import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { denyModal } from '../../blocks/deny-modal.ts';
import { parseExtensionButtonValue } from '../../blocks/extension-card.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { tellClicker } from '../tell-clicker.ts';

/** **Deny** on an extension card: opens the reason modal for that extension, straight away. */
export function denyExtensionAction(deps: ListenerDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const { grantId, extensionId } = parseExtensionButtonValue(action.value ?? '');
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: denyModal(grantId, 'extension', extensionId) });
    } catch (error) {
      await tellClicker(deps, { body, respond, client, logger }, reportFailure(logger, error, 'open deny modal'));
    }
  };
}
