import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Grant } from '../../domain/grant.ts';
import { approverCard } from '../blocks/approver-card.ts';
import type { ListenerDeps } from './listener-deps.ts';

/**
 * Shows the decision on the approver card as soon as it commits, so the approver sees their click take effect without
 * waiting for the outbox and the queue. The notifier's job for the same change is the safety net: the card's writers
 * take turns and record the state they showed (src/db/approver-card-store.ts), so whichever comes second finds it
 * done, and an older state never lands on top of a newer one. A failure here is only logged: the notifier's follows.
 */
export async function showCard(deps: ListenerDeps, client: WebClient, logger: Logger, grant: Grant): Promise<void> {
  if (!grant.card) return;
  const { requiredApprovals, pendingTtlMs, breakGlassReviewWithinMs } = deps.policy;
  try {
    await deps.services.showApproverCardOnce({
      grantId: grant.id,
      show: async (current) => {
        const card = approverCard(current, {
          requiredApprovals,
          pendingTtlMs,
          ...(breakGlassReviewWithinMs !== undefined && { breakGlassReviewWithinMs }),
          now: deps.clock.now(),
        });
        await client.chat.update({ channel: current.card.channelId, ts: current.card.messageTs, ...card });
      },
    });
  } catch (error) {
    logger.warn('could not update the approver card at once; the notifier will', error);
  }
}
