import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.ts';
import { publishHome } from '../publish-home.ts';
import { reportFailure } from '../report-failure.ts';

/**
 * Someone opened Grantdesk's Home tab: publish it fresh. Bolt acknowledges events before this runs; a redelivered
 * event (X-Slack-Retry-Num) publishes the same view again, which is harmless.
 */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client, logger }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, client, event.user);
    } catch (error) {
      reportFailure(logger, error, 'publish App Home');
    }
  };
}
