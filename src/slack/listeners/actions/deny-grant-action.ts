import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { denyModal } from '../../blocks/deny-modal.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { tellClicker } from '../tell-clicker.ts';

/**
 * **Deny** on a request: opens the modal asking for the reason, straight away (the trigger id expires after 3
 * seconds). Who may deny is decided when the reason is submitted, by the use case, which audits a refusal.
 */
export function denyGrantAction(deps: ListenerDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: denyModal(action.value ?? '', 'grant') });
    } catch (error) {
      await tellClicker(deps, { body, respond, client, logger }, reportFailure(logger, error, 'open deny modal'));
    }
  };
}
