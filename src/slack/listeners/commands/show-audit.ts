import { auditMessage } from '../../blocks/audit-message.ts';
import { answer, type GrantCommandContext } from './grant-command-context.ts';

/** Sessions listed in one reply; one block each, within a message's 50 (`/grant audit` is a glance, not an export). */
const PAGE_SIZE = 20;

/** `/grant audit [<tenant>] [<since>]` (auditors and approvers): the newest sessions. */
export async function showAudit(
  context: GrantCommandContext,
  query: { tenant: string | null; since: Date | null },
): Promise<void> {
  const { deps, command } = context;
  await answer(context, async () => {
    const page = await deps.services.queryAudit({
      reader: { kind: 'person', userId: command.user_id },
      tenant: query.tenant,
      ...(query.since ? { start: query.since } : {}),
      page: 0,
      size: PAGE_SIZE,
    });
    return auditMessage(page, query);
  });
}
