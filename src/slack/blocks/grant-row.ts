import type { SectionBlock } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { section } from './block-kit.ts';
import { cancelButton } from './cancel-button.ts';
import { endNowButton } from './end-now-button.ts';
import { statusLine, tenantAndTarget, ticketLink } from './grant-facts.ts';

/**
 * One grant as a list entry: code, tenant and ticket, its status line, and the one thing its requester can do with
 * it: **End now** while it is active, **Cancel** while it waits for approval.
 */
export function grantRow(grant: Grant, now: Date): SectionBlock {
  const text = `*${grant.shortCode}* · ${tenantAndTarget(grant)} · ${ticketLink(grant.ticket)}\n${statusLine(grant, now)}`;
  const accessory =
    grant.status === 'ACTIVE' ? endNowButton(grant) : grant.status === 'PENDING' ? cancelButton(grant) : undefined;
  return section(text, accessory);
}

/** Newest request first. */
export function newestFirst(grants: readonly Grant[]): Grant[] {
  return [...grants].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
}
