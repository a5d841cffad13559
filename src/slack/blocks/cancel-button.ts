import type { Button } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { ActionId } from './action-ids.ts';
import { button, confirmDialog } from './block-kit.ts';
import { tenantAndTarget } from './grant-facts.ts';

/** **Cancel**: withdraws a pending request, after a confirm dialog (approvers may be about to decide it). */
export function cancelButton(grant: Grant): Button {
  return button({
    actionId: ActionId.cancelGrant,
    text: 'Cancel',
    value: grant.id,
    confirm: confirmDialog({
      title: 'Cancel this request?',
      text: `Your request for ${tenantAndTarget(grant)} (${grant.shortCode}) is withdrawn; approvers can no longer approve it.`,
      confirm: 'Cancel request',
      deny: 'Keep it',
      style: 'danger',
    }),
  });
}
