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
 *
 * Slack shows a response_url's ephemeral reply to a message that has a thread inside that thread, where the clicker,
 * looking at the channel, never sees it: for such a message the reply is posted with chat.postEphemeral to the
 * channel itself instead.
 */
export async function tellClicker(deps: ListenerDeps, click: Click, text?: string): Promise<void> {
  if (click.body.container?.type === 'view' || click.body.view?.type === 'home') {
    await publishHome(deps, click.client, click.body.user.id, text);
  } else if (text) {
    const channel = threadParentChannel(click.body);
    if (channel) await click.client.chat.postEphemeral({ channel, user: click.body.user.id, text });
    else await click.respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}

/** The channel of the clicked message when that message has a thread (Slack sends thread_ts and reply_count). */
function threadParentChannel(body: BlockAction): string | undefined {
  const message = body.message as { thread_ts?: string; reply_count?: number } | undefined;
  const channel = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
  const threaded = message !== undefined && (Boolean(message.thread_ts) || (message.reply_count ?? 0) > 0);
  return threaded ? channel : undefined;
}
