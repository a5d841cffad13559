import { grantList } from '../../blocks/grant-list.ts';
import { MESSAGE_BLOCKS_MAX } from '../../mrkdwn.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/** `/grant list`: the person's own grants, newest first, as many as one message holds. */
export async function listGrants(context: GrantCommandContext): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const grants = await deps.services.listOwnGrants({ userId: command.user_id, limit: MESSAGE_BLOCKS_MAX });
    return grantList(grants, deps.clock.now());
  });
}
