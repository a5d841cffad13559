import type { AuditEventDraft } from '../domain/audit-event.ts';
import type { Grant } from '../domain/grant.ts';
import type { Clock } from '../domain/ports.ts';
import { type OutboxMessage, sideEffectsOf } from '../domain/side-effects.ts';
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
    const messages: OutboxMessage[] = [];
    const ended: Grant[] = [];
    for (const before of due) {
      const transition = expire(before, { at });
      if (transition.outcome !== 'applied') continue;
      const drafts = transition.events.map((event) => ({ ...event, id: event.id || deps.ids.uuid() }));
      messages.push(...sideEffectsOf(before, transition.grant, drafts, deps.policy));
      events.push(...drafts);
      ended.push(transition.grant);
    }
    // One statement each for the grants, their side effects and their events: a batch costs a few round trips.
    await scope.grants.saveEnded(ended);
    await scope.outbox.add(messages);
    await scope.audit.append(events);
    return ended.map((grant) => grant.id);
  });
}
