import { revokedReply, unchangedReply } from '../../blocks/command-replies.ts';
import { staffActor } from '../staff-actor.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/** `/grant revoke <id> <reason>`: an approver ends someone's session now (FORCED). */
export async function revokeGrantCommand(
  context: GrantCommandContext,
  input: { grant: string; reason: string },
): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const grant = await deps.services.findGrant({ reference: input.grant });
    const approver = await staffActor(deps.people, command.user_id);
    const change = await deps.services.revokeGrant({ grantId: grant.id, approver, reason: input.reason });
    return change.changed ? revokedReply(change.grant) : unchangedReply(change.note ?? 'Nothing changed.');
  });
}
