import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../domain/duration.ts';
import type { ExtensionOutcome } from '../../domain/extension-trail.ts';
import type { Grant } from '../../domain/grant.ts';
import { date, user } from '../mrkdwn.ts';
import { actions, message, type SlackMessage, section } from './block-kit.ts';
import { endNowButton } from './end-now-button.ts';
import { reasonText, tenantAndTarget, tenantName } from './grant-facts.ts';

/**
 * The DM telling the requester how their extension was decided, with the expiry as it now stands and **End now**
 * while the grant is still active (a late delivery after the end offers no button).
 */
export function extensionDecisionMessage(grant: Grant, decided: ExtensionOutcome): SlackMessage {
  const what = `${tenantAndTarget(grant)} (${grant.shortCode})`;
  const expires = grant.expiresAt ? ` expires ${date(grant.expiresAt)}` : '';
  const text =
    decided.outcome === 'approved'
      ? `:white_check_mark: *Extended:* your access to ${what} was extended by ${formatDuration(decided.addedMs)} and now${expires}.` +
        (decided.approvers.length > 0 ? `\nApproved by ${decided.approvers.map(user).join(', ')}.` : '')
      : `:no_entry: *Extension denied:* ${user(decided.by)} denied more time on ${what}; it still${expires}.` +
        `\n*Reason:* ${reasonText(decided.reason)}`;
  const blocks: KnownBlock[] = [section(text)];
  if (grant.status === 'ACTIVE') blocks.push(actions(`grant.extension.${grant.id}`, [endNowButton(grant)]));
  const summary = decided.outcome === 'approved' ? 'Extended' : 'Extension denied';
  return message(`${summary}: your access to ${tenantName(grant.tenant)} (${grant.shortCode})`, blocks);
}
