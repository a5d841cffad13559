import type { BlockAction, Logger, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ListenerDeps } from './listener-deps.ts';
import { publishHome } from './publish-home.ts';

export interface Click {
  body: BlockAction;
  respond: RespondFn;
  client: WebClient;
  logger: Logger;
}

/**
 * Tells only the person who clicked: an ephemeral reply under the message they clicked in, or, for a click in the
 * Home tab (which has no ephemeral messages), the tab re-rendered with the text at the top. With no text, a Home tab
 * click still re-renders the tab so it shows the change the click made.
 */
export async function tellClicker(deps: ListenerDeps, click: Click, text?: string): Promise<void> {
  if (click.body.container?.type === 'view' || click.body.view?.type === 'home') {
    await publishHome(deps, click.client, click.body.user.id, text);
  } else if (text) {
    await click.respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}
