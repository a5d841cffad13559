import type { WebClient } from '@slack/web-api';
import { appHome } from '../blocks/app-home.ts';
import type { ListenerDeps } from './listener-deps.ts';

/**
 * Renders and publishes one person's Home tab (what it holds is the showHome use case's to decide). `notice` tells
 * them something only they should see, e.g. why a click in the tab was refused.
 */
export async function publishHome(
  deps: ListenerDeps,
  client: WebClient,
  userId: string,
  notice?: string,
): Promise<void> {
  const home = await deps.services.showHome({ userId });
  const view = appHome({
    ...home,
    requiredApprovals: deps.policy.requiredApprovals,
    now: deps.clock.now(),
    ...(notice ? { notice } : {}),
  });
  await client.views.publish({ user_id: userId, view });
}
