import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { View } from '@slack/web-api';
import type { GrantChange } from '../../../app/change-grant.ts';
import type { Actor } from '../../../domain/grant.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';
import { settleClick } from '../settle-click.ts';
import { staffActor } from '../staff-actor.ts';
import { tellClicker } from '../tell-clicker.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** What a button's value and its clicker give the use case or the modal behind it. */
export interface ButtonPress {
  value: string;
  /** The clicker as the audit trail records them (looked up only when asked for). */
  clicker(): Promise<Actor>;
}

/**
 * The one skeleton of every button: acknowledge first (Slack wants it within 3 seconds), then either run a use case
 * (`settle`) and tell the clicker what only they need to know, or open a modal (`open`) straight away, since the
 * trigger id expires 3 seconds after the click.
 */
export function buttonListener(
  deps: ListenerDeps,
  what: string,
  handler:
    | { settle: (press: ButtonPress) => Promise<GrantChange>; showCard?: boolean }
    | { open: (press: ButtonPress) => Promise<View> | View },
) {
  return async ({ ack, body, action, respond, client, logger }: ButtonArgs) => {
    await ack();
    const click = { body, respond, client, logger };
    const press: ButtonPress = { value: action.value ?? '', clicker: () => staffActor(deps.people, body.user.id) };
    if ('settle' in handler) {
      await settleClick(deps, click, what, () => handler.settle(press), { showCard: handler.showCard ?? false });
      return;
    }
    try {
      const view = await handler.open(press);
      // A button inside a modal (a request's outcome) stacks its modal on that one, as Slack has it done: views.push.
      if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view });
      else await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      await tellClicker(deps, click, reportFailure(logger, error, what));
    }
  };
}
