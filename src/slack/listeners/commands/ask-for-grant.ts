import type { RequestGrantInput } from '../../../app/request-grant.ts';
import { isDuplicateRequestError } from '../../../domain/duplicate-request.ts';
import type { Grant } from '../../../domain/grant.ts';
import type { SlackMessage } from '../../blocks/block-kit.ts';
import { duplicateRequestReply } from '../../blocks/duplicate-request-reply.ts';
import type { GrantCommand } from '../../parse-grant-command.ts';
import { cardPermalink } from '../card-permalink.ts';
import type { GrantCommandContext } from './grant-command-context.ts';

/**
 * What an inline `/grant …` or `/grant emergency …` asks for, and its answer when the need is already open: the use
 * case (requestGrant or breakGlass) is called with the command's fields, the trigger id as the request key (so a
 * redelivered command returns the grant the first delivery made), and a duplicate need is answered with the first
 * grant (and **Extend instead** when it is active).
 */
export async function askForGrant<R extends { grant: Grant }>(
  context: GrantCommandContext,
  request: Extract<GrantCommand, { kind: 'request' | 'emergency' }>,
  useCase: (input: RequestGrantInput) => Promise<R>,
): Promise<R | SlackMessage> {
  const { deps, command } = context;
  return useCase({
    requesterId: command.user_id,
    requesterEmail: await deps.people.emailOf(command.user_id),
    tenant: request.tenant,
    targetUser: request.targetUser,
    reason: request.reason,
    ticketKey: request.ticketKey,
    durationMs: request.durationMs,
    accessLevel: request.accessLevel ?? 'read',
    requestKey: command.trigger_id,
  }).catch(async (error: unknown) => {
    if (!isDuplicateRequestError(error)) throw error;
    return duplicateRequestReply(error.existing, await cardPermalink(context.client, context.logger, error.existing));
  });
}
