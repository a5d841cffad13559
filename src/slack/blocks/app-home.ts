import type { HomeView, KnownBlock } from '@slack/types';
import { formatAverageDuration } from '../../domain/average-duration.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { Grant } from '../../domain/grant.ts';
import { date, user, VIEW_BLOCKS_MAX } from '../mrkdwn.ts';
import { context, divider, fieldsSection, header, section } from './block-kit.ts';
import { decisionButtons } from './decision-buttons.ts';
import { quorumLine, reasonText, TextBudget, tenantAndTarget, ticketLine } from './grant-facts.ts';
import { grantRow, newestFirst } from './grant-row.ts';

/** This week's figures for auditors. */
export interface WeekStats {
  totalSessions: number;
  activeSessions: number;
  averageDurationMinutes: number;
  denials: number;
}

export interface AppHomeInput {
  /** The viewer's own grants. */
  viewerGrants: readonly Grant[];
  /** Requests waiting for a decision; given only when the viewer is an approver. */
  pendingQueue?: readonly Grant[];
  /** Given only when the viewer is an auditor. */
  weekStats?: WeekStats;
  /** REQUIRED_APPROVALS, for the queue's "1 of 2 approvals" lines. */
  requiredApprovals?: number;
  now: Date;
  /**
   * mrkdwn shown at the top, e.g. why a click in the tab was refused: the Home tab has no ephemeral messages, and
   * only the viewer sees it. User text in it already escaped.
   */
  notice?: string;
}

/**
 * The App Home tab: the pending queue (approvers, with the same Approve/Deny buttons as the channel card), this
 * week's figures (auditors), and the viewer's grants. A view holds at most 100 blocks; when the lists do not fit,
 * the newest entries are shown with an "and N more" line.
 */
export function appHome(input: AppHomeInput): HomeView {
  const stats = input.weekStats ? statsBlocks(input.weekStats) : [];
  const queue = input.pendingQueue ? newestFirst(input.pendingQueue) : undefined;
  const mine = newestFirst(input.viewerGrants);
  const queueCards = (queue ?? []).map((grant) => queueEntry(grant, input));

  const notice = input.notice ? [section(input.notice)] : [];
  // Fixed blocks: title, notice, intro, the stats, and per list a divider, a heading and a possible "and N more" line.
  const fixed = 2 + notice.length + stats.length + (queue ? 3 : 0) + 3;
  const room = VIEW_BLOCKS_MAX - fixed;
  const split = splitRoom(
    room,
    queueCards.map((card) => card.length),
    mine.length,
  );

  const blocks: KnownBlock[] = [
    header('Grantdesk'),
    ...notice,
    section('Time-boxed, audited access to customer tenants. Ask with `/grant`; `/grant help` lists every command.'),
    ...stats,
  ];
  if (queue) {
    blocks.push(divider(), header(`Waiting for approval (${queue.length})`));
    if (queue.length === 0) blocks.push(context('Nothing is waiting for a decision.'));
    for (const card of queueCards.slice(0, split.queueShown)) blocks.push(...card);
    if (split.queueShown < queue.length) blocks.push(context(`…and ${queue.length - split.queueShown} more, older`));
  }
  blocks.push(divider(), header(`Your grants (${mine.length})`));
  if (mine.length === 0) blocks.push(context('You have no grants yet.'));
  for (const grant of mine.slice(0, split.mineShown)) blocks.push(grantRow(grant, input.now));
  if (split.mineShown < mine.length) blocks.push(context(`…and ${mine.length - split.mineShown} more, older`));
  return { type: 'home', blocks };
}

/** A pending request in three blocks: what is asked, when (and the approvals so far), and the decision buttons. */
function queueEntry(grant: Grant, input: AppHomeInput): KnownBlock[] {
  const quorum = quorumLine(grant.approvals, input.requiredApprovals ?? 1);
  return [
    section(
      `*${grant.shortCode}* · ${user(grant.requesterId)} · ${tenantAndTarget(grant)} · ${formatDuration(grant.requestedDurationMs)}\n` +
        `${ticketLine(grant.ticket)}\n*Reason:* ${reasonText(grant.reason, TextBudget.shortReason)}`,
    ),
    context(`Requested ${date(grant.requestedAt)}`, ...(quorum ? [quorum] : [])),
    decisionButtons(grant),
  ];
}

function statsBlocks(stats: WeekStats): KnownBlock[] {
  return [
    divider(),
    header('This week'),
    fieldsSection([
      `*Sessions*\n${stats.totalSessions}`,
      `*Active now*\n${stats.activeSessions}`,
      `*Average duration*\n${formatAverageDuration(stats.averageDurationMinutes > 0 ? stats.averageDurationMinutes * 60_000 : null)}`,
      `*Denials*\n${stats.denials}`,
    ]),
  ];
}

/**
 * Shares the room between the queue (entries of several blocks each) and the viewer's grants (one block each).
 * The queue comes first — it is what needs doing — but the viewer's own grants keep at least a quarter of the room
 * when they have that many.
 */
function splitRoom(
  room: number,
  queueSizes: readonly number[],
  mineCount: number,
): { queueShown: number; mineShown: number } {
  const mineReserved = Math.min(mineCount, Math.floor(room / 4));
  let used = 0;
  let queueShown = 0;
  for (const size of queueSizes) {
    if (used + size > room - mineReserved) break;
    used += size;
    queueShown += 1;
  }
  return { queueShown, mineShown: Math.min(mineCount, room - used) };
}
