import { isDuplicateRequestError } from '../../../domain/duplicate-request.ts';
import { context as contextBlock } from '../../blocks/block-kit.ts';
import { decisionMessage } from '../../blocks/decision-message.ts';
import { duplicateRequestReply } from '../../blocks/duplicate-request-reply.ts';
import type { GrantCommand } from '../../parse-grant-command.ts';
import { cardPermalink } from '../card-permalink.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/**
 * `/grant emergency <tenant>[:<user>] <TICKET> <duration> <reason>`: break-glass, after an acknowledgement that shows
 * nothing. The use case checks the ticket and the `break_glass` policy and starts the grant at once; the requester
 * reads the outcome or the refusal. The trigger id is the request key, so a redelivered command breaks no glass twice.
 * A need already active is answered as for any request, with **Extend instead**; a request of theirs still waiting for
 * it is withdrawn by the break-glass, and the reply says so.
 */
export async function breakGlassCommand(
  context: GrantCommandContext,
  request: Extract<GrantCommand, { kind: 'emergency' }>,
): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const result = await deps.services
      .breakGlass({
        requesterId: command.user_id,
        requesterEmail: await deps.people.emailOf(command.user_id),
        tenant: request.tenant,
        targetUser: request.targetUser,
        reason: request.reason,
        ticketKey: request.ticketKey,
        durationMs: request.durationMs,
        accessLevel: request.accessLevel ?? 'read',
        requestKey: command.trigger_id,
      })
      .catch(async (error: unknown) => {
        if (!isDuplicateRequestError(error)) throw error;
        return duplicateRequestReply(
          error.existing,
          await cardPermalink(context.client, context.logger, error.existing),
        );
      });
    if (!('grant' in result)) return result;
    const reply = decisionMessage(result.grant);
    if (!result.superseded) return reply;
    // Short codes are ours (G-XXXXXX): nothing here to escape.
    const withdrawn = `Your waiting request ${result.superseded.shortCode} was withdrawn: this break-glass replaces it.`;
    return { ...reply, blocks: [...reply.blocks, contextBlock(withdrawn)] };
  });
}
