/**
 * Asking the access policy from a use case: the person's groups are looked up first (they may need Slack), then the
 * decision itself is pure and synchronous, so it can be taken under the grant's row lock with the grant as it is.
 */
import type { Actor, Grant, TicketSnapshot } from '../domain/grant.ts';
import type {
  AccessLevel,
  AccessPolicy,
  GroupDirectory,
  PolicyAction,
  PolicyDecision,
  PolicyRequest,
} from '../domain/policy/access-policy.ts';
import { policyContextOf } from '../domain/policy/policy-context.ts';

export interface AccessPolicyDeps {
  accessPolicy: AccessPolicy;
  groups: GroupDirectory;
  /** DIGEST_TIMEZONE: the hour and weekday a policy sees. */
  timeZone: string;
}

/** The person as a policy sees them: only the groups the policies for `actions` mention are looked up. */
export async function principalOf(
  deps: AccessPolicyDeps,
  person: { id: string; email: string | null },
  actions: readonly PolicyAction[],
): Promise<PolicyRequest['principal']> {
  const named = [...new Set(actions.flatMap((action) => deps.accessPolicy.groupsFor(action)))];
  return { ...person, groups: named.length > 0 ? await deps.groups.groupsOf(person.id, named) : [] };
}

export interface RequestFacts {
  requesterId: string;
  requesterEmail: string | null;
  tenant: string;
  targetUser: string | null;
  durationMs: number;
  accessLevel: AccessLevel;
  ticket: TicketSnapshot;
  at: Date;
}

/** The `request` and `auto_approve` decisions for a new request. */
export async function decideRequest(
  deps: AccessPolicyDeps,
  facts: RequestFacts,
): Promise<{ request: PolicyDecision; autoApprove: PolicyDecision }> {
  const requester = { id: facts.requesterId, email: facts.requesterEmail };
  const principal = await principalOf(deps, requester, ['request', 'auto_approve']);
  const context = policyContextOf({ ...facts, timeZone: deps.timeZone });
  const ask = (action: 'request' | 'auto_approve') =>
    deps.accessPolicy.decide({ action, principal, tenant: facts.tenant, context });
  const request = ask('request');
  return {
    request,
    autoApprove: request.allowed ? ask('auto_approve') : { allowed: false, determining: [], errors: [] },
  };
}

/**
 * Whether `approver` may decide on a grant (approve, deny, revoke, extend): the `approve` action, asked with the grant
 * as loaded under its lock. Returns a function of the grant so the caller takes the decision inside the transaction.
 */
export async function approverCheck(
  deps: AccessPolicyDeps,
  approver: Actor,
  at: Date,
): Promise<(grant: Grant) => { isApprover: boolean; policyIds: string[] }> {
  const principal = await principalOf(deps, { id: approver.id, email: approver.email ?? null }, ['approve']);
  return (grant) => {
    const context = {
      ...policyContextOf({
        durationMs: grant.requestedDurationMs,
        accessLevel: grant.accessLevel ?? 'read',
        targetUser: grant.targetUser,
        ticket: grant.ticket,
        requesterEmail: grant.requesterEmail,
        at,
        timeZone: deps.timeZone,
      }),
      requester: grant.requesterId,
      approvalsSoFar: grant.approvals.length,
    };
    const decision = deps.accessPolicy.decide({ action: 'approve', principal, tenant: grant.tenant, context });
    return { isApprover: decision.allowed, policyIds: decision.determining.map((policy) => policy.id) };
  };
}
