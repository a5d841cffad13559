import { requestModal } from '../../blocks/request-modal.ts';
import { reportFailure } from '../report-failure.ts';
import type { GrantCommandContext } from './grant-command-context.ts';

/** `/grant` alone: the request form. Opened at once: the trigger id it needs is only good for 3 seconds. */
export async function openRequestModal(context: GrantCommandContext): Promise<void> {
  try {
    await context.client.views.open({
      trigger_id: context.command.trigger_id,
      view: requestModal(context.deps.policy),
    });
  } catch (error) {
    const text = reportFailure(context.logger, error, 'open the request modal');
    await context.respond({ response_type: 'ephemeral', text });
  }
}
