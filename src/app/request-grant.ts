import { type AuditEvent, auditEvent } from '../domain/audit-event.ts';
import { DuplicateRequestError, type Need } from '../domain/duplicate-request.ts';
import { ErrorCode, GrantdeskError, isGrantdeskError } from '../domain/errors.ts';
import type { Grant } from '../domain/grant.ts';
import type { GrantPolicy } from '../domain/grant-policy.ts';
import {
  type GrantRequestInput,
  openGrant,
  type ValidGrantRequest,
  validateGrantRequest,
} from '../domain/grant-request.ts';
import { type Admission, admitRequest } from '../domain/policy/admission.ts';
import type { Clock, GrantReader, IdSource, TicketTracker, UnitOfWork } from '../domain/ports.ts';
import { sideEffectsOf } from '../domain/side-effects.ts';
import { parseTicketKey } from '../domain/ticket-key.ts';
import { assertProjectAllowed, type TicketPolicy, validateTicket } from '../domain/ticket-policy.ts';
import { type AccessPolicyDeps, decideRequest } from './access-decisions.ts';

export interface RequestGrantDeps extends AccessPolicyDeps {
  unitOfWork: UnitOfWork;
  grants: GrantReader;
  tracker: TicketTracker;
  clock: Clock;
  ids: IdSource;
  policy: GrantPolicy;
  ticketPolicy: TicketPolicy;
}

export interface RequestGrantInput extends GrantRequestInput {
  /** What made the request (Slack trigger or view id): a retried delivery returns the grant it already made. */
  requestKey?: string | null;
}

/**
 * Everything about a request that can be checked without asking Jira: the fields and the ticket key's shape and
 * project. Pure and fast, so a Slack modal can run it before acknowledging and show each refusal on its field.
 */
export function checkGrantRequest(
  input: GrantRequestInput,
  policy: GrantPolicy,
  ticketPolicy: TicketPolicy,
): { valid: ValidGrantRequest; ticketKey: string } {
  const valid = validateGrantRequest(input, policy);
  const ticketKey = parseTicketKey(input.ticketKey);
  if (!ticketKey) {
    throw new GrantdeskError(
      ErrorCode.InvalidTicket,
      `"${input.ticketKey}" is not a Jira ticket key: use the form OPS-123.`,
      { field: 'ticket' },
    );
  }
  assertProjectAllowed(ticketKey, ticketPolicy.allowedProjects);
  return { valid, ticketKey };
}

/** Short codes have 30 bits: a clash is rare, and a few redraws make one vanishingly unlikely to persist. */
const SHORT_CODE_ATTEMPTS = 5;

/**
 * A new request: check the fields, check the ticket with Jira (fail closed: no answer, no grant), then store the
 * PENDING grant, its GRANT_REQUESTED event and its side effects together. A refused request stores nothing.
 * One request per need (DESIGN.md §7): a requester's second request for a tenant and target user they already have
 * PENDING or ACTIVE is refused naming the first (DuplicateRequestError). It is looked for before Jira is asked, so the
 * refusal is quick, and decided by the database at the insert, so two requests racing cannot both be stored.
 */
export async function requestGrant(
  deps: RequestGrantDeps,
  input: RequestGrantInput,
): Promise<{ grant: Grant; events: AuditEvent[]; duplicate: boolean }> {
  const { valid, ticketKey } = checkGrantRequest(input, deps.policy, deps.ticketPolicy);
  const need: Need = { requesterId: input.requesterId, tenant: valid.tenant, targetUser: valid.targetUser };
  // A redelivery of this very request (its key) is not a second request: it gets the grant it made, below.
  const open = await deps.grants.openForNeed(need, input.requestKey ?? null);
  if (open) throw new DuplicateRequestError(open);
  const ticket = await deps.tracker.getTicket(ticketKey);
  validateTicket(ticket, deps.ticketPolicy);

  const requester = { requesterId: input.requesterId, requesterEmail: input.requesterEmail };
  const admission = await admit(deps, { ...valid, ...requester, accessLevel: input.accessLevel ?? 'read', ticket });
  for (let attempt = 0; attempt < SHORT_CODE_ATTEMPTS; attempt += 1) {
    const opened = openGrant(deps.ids.uuid(), { ...valid, ...requester }, ticket, deps.clock.now(), admission);
    const result = await deps.unitOfWork.run(async (scope) => {
      const inserted = await scope.grants.insert(opened.grant, input.requestKey ?? null);
      if (inserted !== 'inserted') return inserted;
      const drafts = opened.events.map((event) => ({ ...event, id: deps.ids.uuid() }));
      await scope.outbox.add(sideEffectsOf(undefined, opened.grant, drafts, deps.policy));
      return { events: await scope.audit.append(drafts) };
    });
    if (result === 'short-code-taken') continue;
    if ('openForNeedId' in result) {
      const first = await deps.grants.findById(result.openForNeedId);
      if (first) throw new DuplicateRequestError(first);
      continue;
    }
    if ('existingId' in result) {
      const existing = await deps.grants.findById(result.existingId);
      if (existing) return { grant: existing, events: [], duplicate: true };
      continue;
    }
    return { grant: opened.grant, events: result.events, duplicate: false };
  }
  throw new Error(`Could not draw a free short code in ${SHORT_CODE_ATTEMPTS} attempts`);
}

/**
 * What access policy says about the request. A refusal (a forbidding policy, or more than its @max_duration) is
 * written to the trail as ACCESS_REFUSED with the policies behind it, then thrown: no grant is stored.
 */
async function admit(
  deps: RequestGrantDeps,
  facts: ValidGrantRequest & { requesterId: string; requesterEmail: string | null } & Pick<Admission, 'accessLevel'> & {
      ticket: Awaited<ReturnType<TicketTracker['getTicket']>>;
    },
): Promise<Admission> {
  const at = deps.clock.now();
  const decisions = await decideRequest(deps, { ...facts, at });
  try {
    return admitRequest({
      tenant: facts.tenant,
      durationMs: facts.durationMs,
      accessLevel: facts.accessLevel,
      ...decisions,
    });
  } catch (error) {
    if (!isGrantdeskError(error)) throw error;
    const refusal = auditEvent({
      type: 'ACCESS_REFUSED',
      actor: { kind: 'staff', id: facts.requesterId, email: facts.requesterEmail },
      occurredAt: at,
      tenant: facts.tenant,
      details: {
        attempted: 'request',
        code: error.code,
        reason: error.message,
        accessLevel: facts.accessLevel,
        durationMs: facts.durationMs,
        ticket: facts.ticket.key,
        policyIds: error.details.policyIds ?? [],
      },
    });
    await deps.unitOfWork.run((scope) => scope.audit.append([{ ...refusal, id: deps.ids.uuid() }]));
    throw error;
  }
}
