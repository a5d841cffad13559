import { statsMessage } from '../../blocks/stats-message.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/** `/grant stats` (auditors and approvers): session statistics over every tenant. */
export async function showStats(context: GrantCommandContext): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const reader = { kind: 'person', userId: command.user_id } as const;
    return statsMessage(await deps.services.computeStats({ reader, tenant: null }));
  });
}
