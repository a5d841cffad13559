import type { KnownBlock } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { isSlackUserId, user } from '../mrkdwn.ts';
import { type ApproverCardOptions, approverCard } from './approver-card.ts';
import { context, message, type SlackMessage, section } from './block-kit.ts';
import { roughDuration, tenantName } from './grant-facts.ts';

/** Who a reminder mentions: the approvers its event recorded, else APPROVER_USER_IDS and APPROVER_USERGROUP_ID. */
export interface ApproverAudience {
  userIds: readonly string[];
  usergroupId: string | undefined;
}

/** Enough people to reach a quorum; a longer list would bury the reminder (and `and N more` says who was left out). */
const MENTIONS_MAX = 20;
const USERGROUP_PATTERN = /^S[A-Z0-9]{2,}$/;

/**
 * The approvers to wake, as mentions: the usergroup, then each listed approver who has not approved yet (nor the
 * requester, who may not). Ids of the wrong shape are never turned into mentions.
 */
export function approverAudience(grant: Grant, audience: ApproverAudience): string {
  const approved = new Set(grant.approvals.map((a) => a.approverId));
  const people = audience.userIds.filter((id) => isSlackUserId(id) && !approved.has(id) && id !== grant.requesterId);
  const mentions = people.slice(0, MENTIONS_MAX).map(user);
  if (people.length > MENTIONS_MAX) mentions.push(`and ${people.length - MENTIONS_MAX} more`);
  if (audience.usergroupId && USERGROUP_PATTERN.test(audience.usergroupId)) {
    mentions.unshift(`<!subteam^${audience.usergroupId}>`);
  }
  return mentions.join(' ');
}

function waited(grant: Grant, now: Date): string {
  return roughDuration(Math.max(0, now.getTime() - grant.requestedAt.getTime()));
}

/** The reply in the card's thread when a request is still PENDING after APPROVAL_REMINDER. */
export function reminderReply(grant: Grant, audience: ApproverAudience, now: Date): SlackMessage {
  const who = approverAudience(grant, audience);
  const line = `:bell: ${grant.shortCode} for ${tenantName(grant.tenant)} has waited ${waited(grant, now)} for a decision.`;
  const ask = who
    ? `${who}: please approve or deny it on the card above.`
    : 'Approvers: please approve or deny it on the card above.';
  return message(`${who ? `${who} ` : ''}${grant.shortCode} is still waiting for a decision`, [
    section(`${line}\n${ask}`),
  ]);
}

/** The reply in the card's thread saying the request was escalated, and where to. */
export function escalatedReply(grant: Grant, channelId: string, now: Date): SlackMessage {
  const text = `:rotating_light: ${grant.shortCode} is still undecided after ${waited(grant, now)}: escalated to <#${channelId}>.`;
  return message(`${grant.shortCode} escalated`, [section(text)]);
}

/**
 * The copy of the approver card posted to ESCALATION_CHANNEL_ID: the same card with the same working buttons, under a
 * line saying why it is there. It is kept in step with the original, so once decided it shows the decision instead.
 */
export function escalatedCard(
  grant: Grant,
  options: ApproverCardOptions & { audience: ApproverAudience },
): SlackMessage {
  const card = approverCard(grant, options);
  if (grant.status !== 'PENDING') return card;
  const who = approverAudience(grant, options.audience);
  const why = `:rotating_light: *Escalated:* no decision after ${waited(grant, options.now)}.${who ? ` Approvers: ${who}` : ''}`;
  const blocks: KnownBlock[] = [context(why), ...(card.blocks ?? [])];
  return message(`Escalated: ${card.text}`, blocks);
}
