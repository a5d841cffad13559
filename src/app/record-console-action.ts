import type { AuditQueries } from '../db/audit-store.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import { type ConsoleActionInput, consoleActionEvent } from '../domain/console-action.ts';
import { DuplicateEventIdError, ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Clock, UnitOfWork } from '../domain/ports.ts';
import { tokenTenant } from './trail-reader.ts';

/**
 * Appends a control-plane action reported by the console to the chain. A report carrying an id already recorded
 * is a retry: it returns the stored event and records nothing, so the console may retry until it gets an answer.
 */
export async function recordConsoleAction(
  deps: { unitOfWork: UnitOfWork; audit: AuditQueries; clock: Clock },
  input: ConsoleActionInput & {
    /** The tenant the reporting token is bound to: such a token reports actions on that tenant only. */
    reporterTenant: string | null;
  },
): Promise<{ event: AuditEvent; duplicate: boolean }> {
  tokenTenant(input.reporterTenant, input.tenant);
  const draft = consoleActionEvent(input, deps.clock.now());
  const earlier = input.id ? await deps.audit.byId(input.id) : undefined;
  if (earlier) return retried(earlier, input);
  try {
    const [event] = await deps.unitOfWork.run((scope) => scope.audit.append([draft]));
    return { event: event!, duplicate: false };
  } catch (error) {
    // Two deliveries of one report raced; the unique id let only one in.
    const winner = input.id && error instanceof DuplicateEventIdError ? await deps.audit.byId(input.id) : undefined;
    if (winner) return retried(winner, input);
    throw error;
  }
}

function retried(earlier: AuditEvent, input: ConsoleActionInput): { event: AuditEvent; duplicate: true } {
  if (earlier.type !== 'CONSOLE_ACTION' || earlier.tenant !== input.tenant || earlier.details.action !== input.action) {
    throw new GrantdeskError(ErrorCode.Conflict, `id: ${input.id} is already the id of a different event`, {
      field: 'id',
    });
  }
  return { event: earlier, duplicate: true };
}
