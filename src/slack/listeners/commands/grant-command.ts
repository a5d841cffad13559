import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ErrorCode, GrantdeskError } from '../../../domain/errors.ts';
import { helpMessage } from '../../blocks/help-text.ts';
import { errorMessage } from '../../error-message.ts';
import { unescapeText } from '../../mrkdwn.ts';
import { type GrantCommand, parseGrantCommand } from '../../parse-grant-command.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { breakGlassCommand } from './break-glass-command.ts';
import { cancelGrantCommand } from './cancel-grant-command.ts';
import { endGrantCommand } from './end-grant-command.ts';
import { extendGrantCommand } from './extend-grant-command.ts';
import type { GrantCommandContext } from './grant-command-context.ts';
import { listGrants } from './list-grants.ts';
import { openRequestModal } from './open-request-modal.ts';
import { requestGrantInline } from './request-grant-inline.ts';
import { revokeGrantCommand } from './revoke-grant-command.ts';
import { showAudit } from './show-audit.ts';
import { showStats } from './show-stats.ts';

/**
 * `/grant …` (DESIGN.md §3). The acknowledgement goes first and is computed without I/O: the help, a usage error, or
 * nothing; then one subcommand does its work and answers through the response_url. A request is acknowledged with
 * nothing visible: Slack cannot replace a command's own message through its response_url, so a "Checking…" there
 * would stay beside the outcome; the requester sees one reply, the outcome. Slack sends the text with `&`, `<` and `>` escaped; it is unescaped so the reason is stored as typed
 * (and escaped again wherever it is shown).
 */
export function grantCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond, client, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = parseGrantCommand(unescapeText(command.text));
    await ack(acknowledgement(parsed, deps));
    await run(parsed, { deps, command, respond, client, logger });
  };
}

function acknowledgement(parsed: GrantCommand, deps: ListenerDeps): RespondArguments | undefined {
  switch (parsed.kind) {
    case 'help':
      return { response_type: 'ephemeral', ...helpMessage(deps.policy) };
    case 'invalid':
      return {
        response_type: 'ephemeral',
        text: errorMessage(new GrantdeskError(ErrorCode.InvalidInput, parsed.message)).text,
      };
    default:
      return undefined;
  }
}

function run(parsed: GrantCommand, context: GrantCommandContext): Promise<void> {
  switch (parsed.kind) {
    case 'open-modal':
      return openRequestModal(context);
    case 'request':
      return requestGrantInline(context, parsed);
    case 'emergency':
      return breakGlassCommand(context, parsed);
    case 'list':
      return listGrants(context);
    case 'end':
      return endGrantCommand(context, parsed.grant);
    case 'cancel':
      return cancelGrantCommand(context, parsed.grant);
    case 'revoke':
      return revokeGrantCommand(context, parsed);
    case 'extend':
      return extendGrantCommand(context, parsed);
    case 'stats':
      return showStats(context);
    case 'audit':
      return showAudit(context, parsed);
    case 'help':
    case 'invalid':
      return Promise.resolve();
  }
}
