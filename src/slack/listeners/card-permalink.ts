import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Grant } from '../../domain/grant.ts';

/**
 * A link to the grant's approver card, or null when it has none yet or Slack would not give one: the link is a
 * convenience in a refusal that names the grant anyway, so its absence is no reason to fail the reply.
 */
export async function cardPermalink(client: WebClient, logger: Logger, grant: Grant): Promise<string | null> {
  if (!grant.card) return null;
  try {
    const answer = await client.chat.getPermalink({ channel: grant.card.channelId, message_ts: grant.card.messageTs });
    return answer.permalink ?? null;
  } catch (error) {
    logger.warn('no permalink for the approver card', error);
    return null;
  }
}
