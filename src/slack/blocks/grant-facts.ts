/**
 * The pieces of a grant that several messages show the same way: tenant and target, ticket, approvers, how it
 * ended, its status in one line. Every user-provided value is escaped and cut here, to a budget small enough that
 * a block built from several of them stays under Slack's 3000-character text limit.
 */
import { formatDuration } from '../../domain/duration.ts';
import type { Approval, Grant, TicketSnapshot } from '../../domain/grant.ts';
import { date, escapeAndTruncate, isSlackUserId, link, singleLine, user } from '../mrkdwn.ts';

/** Escaped-length budgets for user text. The reason is at most 500 characters by policy; escaping can grow it. */
export const TextBudget = {
  tenant: 100,
  targetUser: 100,
  ticketSummary: 300,
  ticketStatus: 50,
  reason: 2500,
  shortReason: 300,
  action: 1000,
} as const;

/** The tenant name, escaped, on one line. */
export function tenantName(tenant: string): string {
  return escapeAndTruncate(singleLine(tenant), TextBudget.tenant);
}

/** The target user, escaped, on one line. */
export function targetUserName(targetUser: string): string {
  return escapeAndTruncate(singleLine(targetUser), TextBudget.targetUser);
}

/** `*acme* as *jane@acme.com*`, or `*acme*` when no target user was named. */
export function tenantAndTarget(grant: Pick<Grant, 'tenant' | 'targetUser'>): string {
  const tenant = `*${tenantName(grant.tenant)}*`;
  return grant.targetUser ? `${tenant} as *${targetUserName(grant.targetUser)}*` : tenant;
}

/** The ticket key linked to its Jira page. */
export function ticketLink(ticket: Pick<TicketSnapshot, 'key' | 'url'>): string {
  return link(ticket.url, singleLine(ticket.key).slice(0, 50));
}

/** `<url|OPS-123> Customer cannot export (_In Progress_)`. */
export function ticketLine(ticket: TicketSnapshot): string {
  const summary = escapeAndTruncate(singleLine(ticket.summary), TextBudget.ticketSummary);
  const status = escapeAndTruncate(singleLine(ticket.status), TextBudget.ticketStatus);
  return [ticketLink(ticket), summary, status ? `(_${status}_)` : ''].filter(Boolean).join(' ');
}

/** The reason as typed (line breaks kept), escaped and cut. */
export function reasonText(reason: string, max: number = TextBudget.reason): string {
  return escapeAndTruncate(reason.trim(), max);
}

export function approverMentions(approvals: readonly Approval[]): string {
  return approvals.map((approval) => user(approval.approverId)).join(', ');
}

/**
 * `Needs 2 approvals`, then `1 of 2 approvals: <@U1>`, while a grant or extension needs more than one approval (a
 * policy may ask more of one tenant than of the next, so approvers are told before they click).
 */
export function quorumLine(approvals: readonly Approval[], requiredApprovals: number): string | undefined {
  if (requiredApprovals <= 1) return undefined;
  if (approvals.length === 0) return `Needs ${requiredApprovals} approvals`;
  return `${approvals.length} of ${requiredApprovals} approvals: ${approverMentions(approvals)}`;
}

/** A remaining or elapsed time, to the minute once it is a minute or more (nobody needs `4m59s`). */
export function roughDuration(ms: number): string {
  if (ms < 60_000) return formatDuration(Math.max(ms, 1000));
  return formatDuration(Math.round(ms / 60_000) * 60_000);
}

/** How long the session ran, from becoming active to its end. */
export function sessionLength(grant: Grant): string | undefined {
  if (!grant.startTime || !grant.endTime) return undefined;
  return formatDuration(grant.endTime.getTime() - grant.startTime.getTime());
}

function who(id: string | null, you: string | undefined): string | undefined {
  if (!id) return undefined;
  if (you && id === you) return 'you';
  return isSlackUserId(id) ? user(id) : undefined;
}

/**
 * How an ENDED grant ended, as a phrase: `ended by <@U1>`, `revoked by <@U2>: customer asked`, `expired`.
 * `you` is the viewer's id, so the requester's own DM says "ended by you".
 */
export function endedHow(grant: Grant, you?: string): string {
  const by = who(grant.endedBy, you);
  const note = grant.endNote ? `: ${reasonText(singleLine(grant.endNote), TextBudget.shortReason)}` : '';
  switch (grant.endReason) {
    case 'EXPIRED':
      // An idle session ends before its time: say why (the note names the timeout).
      return grant.endedBy === 'idle-expiry' ? `expired${note}` : 'expired';
    case 'FORCED':
      return `${by ? `revoked by ${by}` : 'ended by Grantdesk'}${note}`;
    default:
      if (by) return `ended by ${by}`;
      return grant.endedBy ? 'ended from the support console' : 'ended';
  }
}

/** One line saying where a grant stands, for lists and App Home. */
export function statusLine(grant: Grant, now: Date): string {
  switch (grant.status) {
    case 'PENDING': {
      const votes = grant.approvals.length > 0 ? ` · approved by ${approverMentions(grant.approvals)} so far` : '';
      return `:hourglass_flowing_sand: Pending approval · requested ${date(grant.requestedAt)}${votes}`;
    }
    case 'ACTIVE': {
      if (!grant.expiresAt) return ':large_green_circle: Active';
      const left = grant.expiresAt.getTime() - now.getTime();
      const remaining = left > 0 ? ` (in ${roughDuration(left)})` : '';
      const extension = grant.pendingExtension ? ' · extension pending' : '';
      return `:large_green_circle: Active · expires ${date(grant.expiresAt)}${remaining}${extension}`;
    }
    case 'DENIED':
      return `:no_entry: Denied${grant.decidedBy ? ` by ${user(grant.decidedBy)}` : ''} ${date(grant.decidedAt ?? grant.requestedAt)}`;
    case 'CANCELLED':
      return `:leftwards_arrow_with_hook: Cancelled ${date(grant.decidedAt ?? grant.requestedAt)}`;
    case 'LAPSED':
      return `:hourglass: Lapsed without a decision ${date(grant.decidedAt ?? grant.requestedAt)}`;
    case 'ENDED': {
      const lasted = sessionLength(grant);
      return `:lock: Ended ${date(grant.endTime ?? now)} · ${endedHow(grant)}${lasted ? ` · lasted ${lasted}` : ''}`;
    }
  }
}
