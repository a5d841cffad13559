import { unchangedReply } from '../../blocks/command-replies.ts';
import { decisionMessage } from '../../blocks/decision-message.ts';
import { showCard } from '../show-card.ts';
import { staffActor } from '../staff-actor.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/** `/grant cancel <id>`: the requester withdraws a pending request. */
export async function cancelGrantCommand(context: GrantCommandContext, reference: string): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const grant = await deps.services.findGrant({ reference });
    const actor = await staffActor(deps.people, command.user_id);
    const change = await deps.services.cancelGrant({ grantId: grant.id, actor });
    if (!change.changed) return unchangedReply(change.note ?? 'Nothing changed.');
    await showCard(deps, context.client, context.logger, change.grant);
    return decisionMessage(change.grant);
  });
}
