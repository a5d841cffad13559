import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Grant } from '../../domain/grant.ts';
import { approverCard } from '../blocks/approver-card.ts';
import type { ListenerDeps } from './listener-deps.ts';

/**
 * Renders the approver card as a decision just left it, so the approver sees their click take effect without
 * waiting for the outbox and the queue. The notifier renders it again from the committed state when its job runs
 * (it stays the writer of record); both render the grant as loaded after the change, so the later write wins with
 * the same or a newer state. A failure here is only logged: the notifier's update follows.
 */
export async function showCard(deps: ListenerDeps, client: WebClient, logger: Logger, grant: Grant): Promise<void> {
  if (!grant.card) return;
  const { requiredApprovals, pendingTtlMs } = deps.services.policy;
  const card = approverCard(grant, { requiredApprovals, pendingTtlMs, now: deps.clock.now() });
  try {
    await client.chat.update({ channel: grant.card.channelId, ts: grant.card.messageTs, ...card });
  } catch (error) {
    logger.warn('could not update the approver card at once; the notifier will', error);
  }
}
