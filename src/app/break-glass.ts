import { type AuditEvent, auditEvent } from '../domain/audit-event.ts';
import { checkBreakGlassDuration, openBreakGlass, supersedeByBreakGlass } from '../domain/break-glass.ts';
import { DuplicateRequestError, type Need } from '../domain/duplicate-request.ts';
import type { Grant } from '../domain/grant.ts';
import { breakGlassMaxDurationOf } from '../domain/grant-policy.ts';
import { policyIdsOf } from '../domain/policy/access-policy.ts';
import { admitBreakGlass } from '../domain/policy/break-glass-admission.ts';
import { policyContextOf } from '../domain/policy/policy-context.ts';
import type { TransactionScope } from '../domain/ports.ts';
import { sideEffectsOf } from '../domain/side-effects.ts';
import { validateTicket } from '../domain/ticket-policy.ts';
import { principalOf } from './access-decisions.ts';
import { checkGrantRequest, type RequestGrantDeps, type RequestGrantInput } from './request-grant.ts';

/** Short codes have 30 bits: a clash is rare, and a few redraws make one vanishingly unlikely to persist. */
const SHORT_CODE_ATTEMPTS = 5;

/**
 * `/grant emergency …` (DESIGN.md §7): the same checks as a request (fields, ticket with Jira, fail closed), then the
 * `break_glass` action instead of `request`, and at most BREAK_GLASS_MAX_DURATION (and any @max_duration of the
 * permitting policies). Stored ACTIVE at once with GRANT_BREAK_GLASS and IMPERSONATION_START; the outbox announces it,
 * schedules its expiry and its review reminder. A refusal by policy is audited (ACCESS_REFUSED) and stores no grant.
 * One grant per need holds as for any request: with the same need already ACTIVE it is refused naming that grant
 * (extend it instead); the requester's own request still PENDING for it is withdrawn in the same transaction
 * (supersedeByBreakGlass), since nobody answering it is what the emergency cannot wait for.
 */
export async function breakGlass(
  deps: RequestGrantDeps,
  input: RequestGrantInput,
): Promise<{ grant: Grant; events: AuditEvent[]; duplicate: boolean; superseded: Grant | null }> {
  const maxMs = breakGlassMaxDurationOf(deps.policy);
  const durationMs = input.durationMs ?? Math.min(deps.policy.defaultDurationMs, maxMs);
  checkBreakGlassDuration(durationMs, maxMs);
  const { valid, ticketKey } = checkGrantRequest({ ...input, durationMs }, deps.policy, deps.ticketPolicy);
  // One grant per need holds here too: access already held is extended; a waiting request is superseded below.
  const need: Need = { requesterId: input.requesterId, tenant: valid.tenant, targetUser: valid.targetUser };
  const open = await deps.grants.openForNeed(need, input.requestKey ?? null);
  if (open?.status === 'ACTIVE') throw new DuplicateRequestError(open);
  const ticket = await deps.tracker.getTicket(ticketKey);
  validateTicket(ticket, deps.ticketPolicy);

  const requester = { requesterId: input.requesterId, requesterEmail: input.requesterEmail };
  const accessLevel = input.accessLevel ?? 'read';
  const at = deps.clock.now();
  const principal = await principalOf(deps, { id: input.requesterId, email: input.requesterEmail }, ['break_glass']);
  const context = policyContextOf({ ...valid, ...requester, accessLevel, ticket, at, timeZone: deps.timeZone });
  const decision = deps.accessPolicy.decide({ action: 'break_glass', principal, tenant: valid.tenant, context });
  const { refusal } = admitBreakGlass({ tenant: valid.tenant, durationMs: valid.durationMs, maxMs, decision });
  if (refusal) {
    const refused = auditEvent({
      type: 'ACCESS_REFUSED',
      actor: { kind: 'staff', id: input.requesterId, email: input.requesterEmail },
      occurredAt: at,
      tenant: valid.tenant,
      details: {
        attempted: 'break_glass',
        code: refusal.code,
        reason: refusal.message,
        accessLevel,
        durationMs: valid.durationMs,
        ticket: ticket.key,
        policyIds: policyIdsOf(decision),
      },
    });
    await deps.unitOfWork.run((scope) => scope.audit.append([{ ...refused, id: deps.ids.uuid() }]));
    throw refusal;
  }

  const decided = { accessLevel, policyIds: policyIdsOf(decision) };
  for (let attempt = 0; attempt < SHORT_CODE_ATTEMPTS; attempt += 1) {
    const opened = openBreakGlass(deps.ids.uuid(), { ...valid, ...requester }, ticket, at, decided);
    const result = await deps.unitOfWork
      .run(async (scope) => {
        const superseded = open ? await supersede(deps, scope, open.id, opened.grant.id, at) : null;
        const inserted = await scope.grants.insert(opened.grant, input.requestKey ?? null);
        // Thrown, not returned, so that a superseded request is not withdrawn for a grant that was not stored.
        if (inserted !== 'inserted') throw new NotInserted(inserted);
        const drafts = opened.events.map((event) => ({ ...event, id: deps.ids.uuid() }));
        await scope.outbox.add(sideEffectsOf(undefined, opened.grant, drafts, deps.policy));
        const events = await scope.audit.append([...(superseded?.drafts ?? []), ...drafts]);
        return { events: events.slice(superseded?.drafts.length ?? 0), superseded: superseded?.grant ?? null };
      })
      .catch((error: unknown) => {
        if (error instanceof NotInserted) return error.outcome;
        throw error;
      });
    if (result === 'short-code-taken') continue;
    if ('openForNeedId' in result) {
      const first = await deps.grants.findById(result.openForNeedId);
      if (first) throw new DuplicateRequestError(first);
      continue;
    }
    if ('existingId' in result) {
      const existing = await deps.grants.findById(result.existingId);
      if (existing) return { grant: existing, events: [], duplicate: true, superseded: null };
      continue;
    }
    return { grant: opened.grant, events: result.events, duplicate: false, superseded: result.superseded };
  }
  throw new Error(`Could not draw a free short code in ${SHORT_CODE_ATTEMPTS} attempts`);
}

/** Why the break-glass's transaction rolled back: the insert skipped on a clash (see GrantStore.insert). */
class NotInserted {
  constructor(readonly outcome: 'short-code-taken' | { existingId: string } | { openForNeedId: string }) {}
}

/** Withdraws the requester's waiting request for the same need, under its row lock; null when it is no longer PENDING. */
async function supersede(
  deps: RequestGrantDeps,
  scope: TransactionScope,
  pendingId: string,
  breakGlassId: string,
  at: Date,
) {
  const pending = await scope.grants.lock(pendingId);
  if (!pending) return null;
  const transition = supersedeByBreakGlass(pending, { at, policy: deps.policy, breakGlassId });
  if (transition.outcome !== 'applied') return null;
  await scope.grants.update(transition.grant);
  const drafts = transition.events.map((event) => ({ ...event, id: deps.ids.uuid() }));
  await scope.outbox.add(sideEffectsOf(pending, transition.grant, drafts, deps.policy));
  return { grant: transition.grant, drafts };
}
