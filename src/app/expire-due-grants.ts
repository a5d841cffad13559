import type { AuditEventDraft } from '../domain/audit-event.ts';
import type { Clock } from '../domain/ports.ts';
import { sideEffectsOf } from '../domain/side-effects.ts';
import { expire } from '../domain/transitions.ts';
import type { ChangeDeps } from './change-grant.ts';

/**
 * Ends, in one transaction, up to `limit` ACTIVE grants whose expiry has come. Many grants often fall due in the same
 * second; ending them one transaction each makes every one queue for the audit chain's head (a chain is linear), so
 * throughput is one commit per grant. One batch pays for the chain lock and the commit once. Rows are taken with
 * SKIP LOCKED, so concurrent callers (workers, the reconciler) take disjoint batches, and each grant still goes
 * through the same pure `expire` transition under its row lock: nothing ends twice. Returns the ids it ended.
 */
export async function expireDueGrants(
  deps: ChangeDeps & { clock: Clock },
  input: { limit: number },
): Promise<string[]> {
  return deps.unitOfWork.run(async (scope) => {
    const at = deps.clock.now();
    const due = await scope.grants.lockDue(at, input.limit);
    const events: AuditEventDraft[] = [];
    const ended: string[] = [];
    for (const before of due) {
      const transition = expire(before, { at });
      if (transition.outcome !== 'applied') continue;
      const drafts = transition.events.map((event) => ({ ...event, id: event.id || deps.ids.uuid() }));
      await scope.grants.update(transition.grant);
      await scope.outbox.add(sideEffectsOf(before, transition.grant, drafts, deps.policy));
      events.push(...drafts);
      ended.push(before.id);
    }
    await scope.audit.append(events);
    return ended;
  });
}
