import type { GrantQueries } from '../db/grant-store.ts';
import { GRANT_STATUSES, type Grant } from '../domain/grant.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import type { WeekStats } from './compute-week-stats.ts';

/** The viewer's own grants shown; older ones are in `/grant list`. */
const OWN_GRANTS = 25;
/** Requests in the approvers' queue; more than this waiting means the channel is the better place to work. */
const QUEUE_SIZE = 30;

export interface HomeContent {
  viewerGrants: Grant[];
  /** Approvers only: the pending requests they may decide (their own left out: they cannot decide those). */
  pendingQueue?: Grant[];
  /** Auditors only: this week's figures. */
  weekStats?: WeekStats;
}

/** What one person's Home tab shows, by what they may see: their grants, the queue, the week's figures. */
export async function showHome(
  deps: {
    grants: Pick<GrantQueries, 'findByRequester' | 'findByStatus'>;
    access: AccessDirectory;
    weekStats: () => Promise<WeekStats>;
  },
  input: { userId: string },
): Promise<HomeContent> {
  const { userId } = input;
  const [viewerGrants, isApprover, isAuditor] = await Promise.all([
    deps.grants.findByRequester(userId, [...GRANT_STATUSES], OWN_GRANTS),
    deps.access.isApprover(userId),
    deps.access.isAuditor(userId),
  ]);
  const [pending, weekStats] = await Promise.all([
    isApprover ? deps.grants.findByStatus('PENDING', QUEUE_SIZE) : undefined,
    isAuditor ? deps.weekStats() : undefined,
  ]);
  return {
    viewerGrants,
    ...(pending ? { pendingQueue: pending.filter((grant) => grant.requesterId !== userId) } : {}),
    ...(weekStats ? { weekStats } : {}),
  };
}
