import { statsMessage } from '../../blocks/stats-message.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';
import { requireAuditor } from './require-auditor.ts';

/** `/grant stats` (auditors and approvers): session statistics over every tenant. */
export async function showStats(context: GrantCommandContext): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    await requireAuditor(deps.access, command.user_id, 'statistics');
    return statsMessage(await deps.services.computeStats({ tenant: null }));
  });
}
