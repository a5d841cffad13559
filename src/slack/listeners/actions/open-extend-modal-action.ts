import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { findGrant } from '../../../app/find-grant.ts';
import { extendModal, extensionBounds } from '../../blocks/extend-modal.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { tellClicker } from '../tell-clicker.ts';

/**
 * **Extend** on the expiry warning: opens the extend modal with the durations still allowed. One indexed read comes
 * before views.open, well inside the 3 seconds a trigger id lasts.
 */
export function openExtendModalAction(deps: ListenerDeps) {
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
      const grant = await findGrant(deps.services.grants, action.value ?? '');
      const bounds = extensionBounds(grant, deps.services.policy);
      await client.views.open({ trigger_id: body.trigger_id, view: extendModal(grant, bounds) });
    } catch (error) {
      await tellClicker(deps, { body, respond, client, logger }, reportFailure(logger, error, 'open extend modal'));
    }
  };
}
