import type { Logger } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../../blocks/block-kit.ts';

/**
 * Replaces the "working on it" modal left by the acknowledgement with the outcome. If the person closed the modal
 * meanwhile (Slack then refuses the update), the outcome reaches them as a DM instead: it is never lost.
 */
export async function showInModal(
  client: WebClient,
  logger: Logger,
  target: { viewId: string; userId: string },
  outcome: { view: ModalView; fallback: SlackMessage },
): Promise<void> {
  try {
    await client.views.update({ view_id: target.viewId, view: outcome.view });
  } catch (error) {
    logger.warn('modal gone; sending the outcome as a DM', error);
    await client.chat.postMessage({ channel: target.userId, ...outcome.fallback });
  }
}
