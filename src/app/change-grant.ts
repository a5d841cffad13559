import type { AuditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Grant } from '../domain/grant.ts';
import type { GrantPolicy } from '../domain/grant-policy.ts';
import type { IdSource, TransactionScope, UnitOfWork } from '../domain/ports.ts';
import { sideEffectsOf } from '../domain/side-effects.ts';
import type { Transition } from '../domain/transition.ts';
import { timePhase } from '../phase-times.ts';

export interface ChangeDeps {
  unitOfWork: UnitOfWork;
  ids: IdSource;
  policy: GrantPolicy;
}

/** What a use case reports back: whether anything changed, the grant as it now is, and the events recorded. */
export interface GrantChange {
  changed: boolean;
  grant: Grant;
  events: AuditEvent[];
  /** Why nothing changed (a repeated click, a late job), for the reply. */
  note: string | null;
}

type Settled = GrantChange | { refusal: GrantdeskError };

/**
 * The one path by which a grant changes: lock its row, decide with a pure transition, then write the grant, any
 * extra rows, the outbox messages and (last, so the chain lock is held briefly) the audit events, all in one
 * transaction. A refusal still commits its ACCESS_REFUSED events, then is thrown to the caller.
 */
export async function changeGrant(
  deps: ChangeDeps,
  grantId: string,
  decide: (grant: Grant, scope: TransactionScope) => Transition | Promise<Transition>,
  alsoWrite?: (scope: TransactionScope, grant: Grant) => Promise<void>,
): Promise<GrantChange> {
  const settled: Settled = await deps.unitOfWork.run(async (scope) => {
    const before = await timePhase('transaction: grant row lock', () => scope.grants.lock(grantId));
    if (!before) {
      throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no grant ${grantId}: check the id with /grant list.`);
    }
    const transition = await decide(before, scope);
    if (transition.outcome === 'unchanged') {
      return { changed: false, grant: before, events: [], note: transition.note };
    }
    const drafts = transition.events.map((event) => ({ ...event, id: event.id || deps.ids.uuid() }));
    const after = transition.outcome === 'applied' ? transition.grant : before;
    if (transition.outcome === 'applied') {
      await timePhase('transaction: grant update', () => scope.grants.update(after));
      await alsoWrite?.(scope, after);
    }
    await timePhase('transaction: outbox', () => scope.outbox.add(sideEffectsOf(before, after, drafts, deps.policy)));
    const events = await timePhase('transaction: audit append', () => scope.audit.append(drafts));
    if (transition.outcome === 'refused') return { refusal: transition.error };
    return { changed: true, grant: after, events, note: null };
  });
  if ('refusal' in settled) throw settled.refusal;
  return settled;
}
