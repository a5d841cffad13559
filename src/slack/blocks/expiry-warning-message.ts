import type { KnownBlock } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { date } from '../mrkdwn.ts';
import { ActionId } from './action-ids.ts';
import { actions, button, message, type SlackMessage, section } from './block-kit.ts';
import { endNowButton } from './end-now-button.ts';
import { roughDuration, tenantAndTarget, tenantName } from './grant-facts.ts';

/**
 * The DM sent EXPIRY_WARNING before a grant expires, with **Extend** (opens the extend modal) and **End now**.
 * Extend is left out while an extension already waits for approval; both are left out once the grant is over.
 */
export function expiryWarningMessage(grant: Grant, now: Date): SlackMessage {
  const what = `${tenantAndTarget(grant)} (${grant.shortCode})`;
  const tenant = tenantName(grant.tenant);
  if (grant.status !== 'ACTIVE' || !grant.expiresAt || grant.expiresAt.getTime() <= now.getTime()) {
    return message(`Your access to ${tenant} (${grant.shortCode}) is no longer active`, [
      section(`:lock: Your access to ${what} is no longer active.`),
    ]);
  }
  const left = roughDuration(grant.expiresAt.getTime() - now.getTime());
  const blocks: KnownBlock[] = [
    section(`:alarm_clock: Your access to ${what} expires ${date(grant.expiresAt)} (in ${left}).`),
  ];
  if (grant.pendingExtension) {
    blocks.push(section('An extension is waiting for approval.'));
    blocks.push(actions(`grant.expiring.${grant.id}`, [endNowButton(grant)]));
  } else {
    blocks.push(
      actions(`grant.expiring.${grant.id}`, [
        button({ actionId: ActionId.openExtendModal, text: 'Extend', value: grant.id, style: 'primary' }),
        endNowButton(grant),
      ]),
    );
  }
  return message(`Your access to ${tenant} (${grant.shortCode}) expires in ${left}`, blocks);
}
