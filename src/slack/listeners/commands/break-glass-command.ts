import { context as contextBlock } from '../../blocks/block-kit.ts';
import { decisionMessage } from '../../blocks/decision-message.ts';
import type { GrantCommand } from '../../parse-grant-command.ts';
import { askForGrant } from './ask-for-grant.ts';
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
  await answer(context, async () => {
    const result = await askForGrant(context, request, context.deps.services.breakGlass);
    if (!('grant' in result)) return result;
    const reply = decisionMessage(result.grant);
    if (!result.superseded) return reply;
    // Short codes are ours (G-XXXXXX): nothing here to escape.
    const withdrawn = `Your waiting request ${result.superseded.shortCode} was withdrawn: this break-glass replaces it.`;
    return { ...reply, blocks: [...reply.blocks, contextBlock(withdrawn)] };
  });
}
