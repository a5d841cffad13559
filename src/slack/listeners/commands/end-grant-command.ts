import { unchangedReply } from '../../blocks/command-replies.ts';
import { endedMessage } from '../../blocks/ended-message.ts';
import { staffActor } from '../staff-actor.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/** `/grant end <id>`: the requester ends their session now. */
export async function endGrantCommand(context: GrantCommandContext, reference: string): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const grant = await deps.services.findGrant({ reference });
    const actor = await staffActor(deps.people, command.user_id);
    const change = await deps.services.endGrant({ grantId: grant.id, actor });
    return change.changed ? endedMessage(change.grant) : unchangedReply(change.note ?? 'Nothing changed.');
  });
}
