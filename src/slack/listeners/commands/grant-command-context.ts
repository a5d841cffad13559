import type { Logger, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../../blocks/block-kit.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { reportFailure } from '../report-failure.ts';

/** What each `/grant` subcommand gets once the command has been acknowledged. */
export interface GrantCommandContext {
  deps: ListenerDeps;
  command: SlashCommand;
  respond: RespondFn;
  client: WebClient;
  logger: Logger;
}

/**
 * Runs a subcommand's work and posts its answer, or the refusal, to the command's response_url: ephemeral, seen by
 * the person who typed it only. Never `replace_original`: Slack cannot replace a command's own message that way.
 */
export async function answer(context: GrantCommandContext, work: () => Promise<SlackMessage>): Promise<void> {
  let reply: SlackMessage | { text: string };
  try {
    reply = await work();
  } catch (error) {
    reply = { text: reportFailure(context.logger, error, `/grant ${context.command.text.split(' ')[0] ?? ''}`) };
  }
  await context.respond({ response_type: 'ephemeral', replace_original: false, ...reply });
}
