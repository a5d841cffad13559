import type { WebClient } from '@slack/web-api';
import { GRANT_STATUSES } from '../../domain/grant.ts';
import { appHome } from '../blocks/app-home.ts';
import type { ListenerDeps } from './listener-deps.ts';

/** The viewer's own grants shown; older ones are in `/grant list`. */
const OWN_GRANTS = 25;
/** Requests in the approvers' queue; more than this waiting means the channel is the better place to work. */
const QUEUE_SIZE = 30;

/**
 * Renders and publishes one person's Home tab: their grants (End now / Cancel), the pending queue when they are an
 * approver (their own requests left out: they cannot decide those), this week's figures when they are an auditor.
 * `notice` tells them something only they should see, e.g. why a click in the tab was refused.
 */
export async function publishHome(
  deps: ListenerDeps,
  client: WebClient,
  userId: string,
  notice?: string,
): Promise<void> {
  const { services, access } = deps;
  const [viewerGrants, isApprover, isAuditor] = await Promise.all([
    services.grants.findByRequester(userId, [...GRANT_STATUSES], OWN_GRANTS),
    access.isApprover(userId),
    access.isAuditor(userId),
  ]);
  const [pending, weekStats] = await Promise.all([
    isApprover ? services.grants.findByStatus('PENDING', QUEUE_SIZE) : undefined,
    isAuditor ? services.computeWeekStats() : undefined,
  ]);
  const view = appHome({
    viewerGrants,
    ...(pending ? { pendingQueue: pending.filter((grant) => grant.requesterId !== userId) } : {}),
    ...(weekStats ? { weekStats } : {}),
    requiredApprovals: services.policy.requiredApprovals,
    now: deps.clock.now(),
    ...(notice ? { notice } : {}),
  });
  await client.views.publish({ user_id: userId, view });
}
