import { isDuplicateRequestError } from '../../../domain/duplicate-request.ts';
import { decisionMessage } from '../../blocks/decision-message.ts';
import { duplicateRequestReply } from '../../blocks/duplicate-request-reply.ts';
import type { GrantCommand } from '../../parse-grant-command.ts';
import { cardPermalink } from '../card-permalink.ts';
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
  const { deps, command } = context;
  await answer(context, async () => {
    const result = await deps.services
      .requestGrant({
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
    return 'grant' in result ? decisionMessage(result.grant) : result;
  });
}
