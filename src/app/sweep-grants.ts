import type { GrantQueries } from '../db/grant-store.ts';
import type { Models } from '../db/models.ts';
import { upcomingGrants } from '../db/upcoming-grants.ts';
import type { Grant } from '../domain/grant.ts';
import type { GrantPolicy } from '../domain/grant-policy.ts';
import { type OutboxMessage, sideEffectsOf } from '../domain/side-effects.ts';

type SweepDeps = {
  models: Models;
  grants: Pick<
    GrantQueries,
    'findOverdueActive' | 'findIdleActive' | 'findOverduePending' | 'findOverdueNudge' | 'withApprovals'
  >;
  policy: GrantPolicy;
};

/**
 * What a sweep moves now: ACTIVE grants past their expiry, idle past SESSION_IDLE_TIMEOUT, PENDING past PENDING_TTL,
 * and PENDING ones past APPROVAL_REMINDER or APPROVAL_ESCALATION not yet reminded or escalated.
 */
export type OverdueKind = 'expired' | 'idle' | 'lapsed' | 'remind' | 'escalate';

/** Up to `limit` grants overdue for `kind` at `now`; none idle when SESSION_IDLE_TIMEOUT is off. */
export function findOverdueGrants(deps: SweepDeps, input: { kind: OverdueKind; now: Date; limit: number }) {
  const { kind, now, limit } = input;
  const { idleTimeoutMs, pendingTtlMs } = deps.policy;
  if (kind === 'expired') return deps.grants.findOverdueActive(now, limit);
  if (kind === 'lapsed') return deps.grants.findOverduePending(new Date(now.getTime() - pendingTtlMs), limit);
  if (kind === 'remind' || kind === 'escalate') {
    const after = kind === 'remind' ? deps.policy.approvalReminderMs : deps.policy.approvalEscalationMs;
    // Off, or never before the lapse (nudgeAtMs): nothing to catch up on. Requests past PENDING_TTL lapse instead.
    if (!after || after >= pendingTtlMs) return Promise.resolve([]);
    const requested = { after: new Date(now.getTime() - pendingTtlMs), before: new Date(now.getTime() - after) };
    return deps.grants.findOverdueNudge(kind, requested, limit);
  }
  return idleTimeoutMs
    ? deps.grants.findIdleActive(new Date(now.getTime() - idleTimeoutMs), limit)
    : Promise.resolve([]);
}

/**
 * The timers (expiry, warning, lapse, review reminder) due in (from, to], page by page: exactly those each grant's
 * current state implies (sideEffectsOf, as when it was scheduled), so a sweep can put back the ones a queue lost.
 * Review reminders of unreviewed break-glass grants are also listed when due since `reviewsFrom`: unlike an expiry or
 * a lapse, which the sweep carries out itself once due, a reminder whose job was lost is only ever sent by its job.
 */
export async function* upcomingTimers(
  deps: SweepDeps,
  input: { from: Date; to: Date; pageSize: number; reviewsFrom?: Date },
): AsyncGenerator<OutboxMessage[]> {
  const reviewsFrom = input.reviewsFrom ?? input.from;
  for await (const grants of upcomingGrants(deps, input, input.pageSize)) {
    yield grants.flatMap((grant: Grant) =>
      sideEffectsOf(undefined, grant, [], deps.policy).filter((message) => {
        if (message.topic !== 'schedule') return false;
        const runAt = Date.parse(message.payload.runAt);
        if (message.payload.job !== 'review-due') return runAt > input.from.getTime();
        return !grant.review && runAt > reviewsFrom.getTime() && runAt <= input.to.getTime();
      }),
    );
  }
}
