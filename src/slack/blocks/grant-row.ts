import type { SectionBlock } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { section } from './block-kit.ts';
import { endNowButton } from './end-now-button.ts';
import { statusLine, tenantAndTarget, ticketLink } from './grant-facts.ts';

/** One grant as a list entry: code, tenant and ticket, its status line, and **End now** while it is active. */
export function grantRow(grant: Grant, now: Date): SectionBlock {
  const text = `*${grant.shortCode}* · ${tenantAndTarget(grant)} · ${ticketLink(grant.ticket)}\n${statusLine(grant, now)}`;
  return section(text, grant.status === 'ACTIVE' ? endNowButton(grant) : undefined);
}

/** Newest request first. */
export function newestFirst(grants: readonly Grant[]): Grant[] {
  return [...grants].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
}
