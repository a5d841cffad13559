import { decisionMessage } from '../../blocks/decision-message.ts';
import type { GrantCommand } from '../../parse-grant-command.ts';
import { askForGrant } from './ask-for-grant.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/**
 * `/grant <tenant>[:<user>] <TICKET> [duration] <reason>`, after an acknowledgement that shows nothing: ask for the
 * grant (the use case checks the ticket with Jira) and answer with the outcome, the requester's one reply. The trigger id is the
 * request key, so a redelivered command returns the grant the first delivery made. A second request for a need the
 * requester already has open is answered with the first (and **Extend instead** when it is active).
 */
export async function requestGrantInline(
  context: GrantCommandContext,
  request: Extract<GrantCommand, { kind: 'request' }>,
): Promise<void> {
  await answer(context, async () => {
    const result = await askForGrant(context, request, context.deps.services.requestGrant);
    return 'grant' in result ? decisionMessage(result.grant) : result;
  });
}
