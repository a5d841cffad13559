import type { ActionsBlock } from '@slack/types';
import { formatDuration } from '../../domain/duration.ts';
import type { Grant } from '../../domain/grant.ts';
import { user } from '../mrkdwn.ts';
import { ActionId } from './action-ids.ts';
import { actions, button, confirmDialog } from './block-kit.ts';
import { tenantAndTarget } from './grant-facts.ts';

/**
 * **Approve** (primary, behind a confirm dialog naming who gets which tenant) and **Deny** (danger; the listener
 * opens the deny modal) for a pending grant. Both carry the grant id. The block id includes it too, so several
 * requests can sit in one view (App Home) without clashing.
 */
export function decisionButtons(grant: Grant): ActionsBlock {
  return actions(`grant.decision.${grant.id}`, [
    button({
      actionId: ActionId.approveGrant,
      text: 'Approve',
      value: grant.id,
      style: 'primary',
      confirm: confirmDialog({
        title: 'Approve access?',
        text: `${user(grant.requesterId)} will get access to tenant ${tenantAndTarget(grant)} for ${formatDuration(grant.requestedDurationMs)}.`,
        confirm: 'Approve',
        deny: 'Cancel',
      }),
    }),
    button({ actionId: ActionId.denyGrant, text: 'Deny', value: grant.id, style: 'danger' }),
  ]);
}
