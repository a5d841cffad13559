import type { Button } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { ActionId } from './action-ids.ts';
import { button, confirmDialog } from './block-kit.ts';
import { tenantAndTarget } from './grant-facts.ts';

/** **End now**: ends an active grant early, after a confirm dialog (a stray click should not cut a session short). */
export function endNowButton(grant: Grant): Button {
  return button({
    actionId: ActionId.endGrant,
    text: 'End now',
    value: grant.id,
    style: 'danger',
    confirm: confirmDialog({
      title: 'End access now?',
      text: `Your access to ${tenantAndTarget(grant)} (${grant.shortCode}) ends immediately.`,
      confirm: 'End now',
      deny: 'Keep it',
      style: 'danger',
    }),
  });
}
