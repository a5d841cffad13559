import { extensionRequestedReply, unchangedReply } from '../../blocks/command-replies.ts';
import { staffActor } from '../staff-actor.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/** `/grant extend <id> <duration> <reason>`: the requester asks approvers for more time. */
export async function extendGrantCommand(
  context: GrantCommandContext,
  input: { grant: string; durationMs: number; reason: string },
): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const grant = await deps.services.findGrant({ reference: input.grant });
    const actor = await staffActor(deps.people, command.user_id);
    const change = await deps.services.extendGrant({
      grantId: grant.id,
      actor,
      durationMs: input.durationMs,
      reason: input.reason,
    });
    return change.changed ? extensionRequestedReply(change.grant) : unchangedReply(change.note ?? 'Nothing changed.');
  });
}
