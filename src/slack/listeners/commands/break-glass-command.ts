import { decisionMessage } from '../../blocks/decision-message.ts';
import type { GrantCommand } from '../../parse-grant-command.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/**
 * `/grant emergency <tenant>[:<user>] <TICKET> <duration> <reason>`: break-glass, after an acknowledgement that shows
 * nothing. The use case checks the ticket and the `break_glass` policy and starts the grant at once; the requester
 * reads the outcome or the refusal. The trigger id is the request key, so a redelivered command breaks no glass twice.
 */
export async function breakGlassCommand(
  context: GrantCommandContext,
  request: Extract<GrantCommand, { kind: 'emergency' }>,
): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const result = await deps.services.breakGlass({
      requesterId: command.user_id,
      requesterEmail: await deps.people.emailOf(command.user_id),
      tenant: request.tenant,
      targetUser: request.targetUser,
      reason: request.reason,
      ticketKey: request.ticketKey,
      durationMs: request.durationMs,
      accessLevel: request.accessLevel ?? 'read',
      requestKey: command.trigger_id,
    });
    return decisionMessage(result.grant);
  });
}
