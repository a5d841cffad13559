import { formatDuration } from '../duration.ts';
import { ErrorCode, GrantdeskError } from '../errors.ts';
import { type AccessLevel, type PolicyDecision, policyIdsOf } from './access-policy.ts';
import { policyRefusal } from './policy-refusal.ts';
import { type GrantRouting, routingOf } from './policy-routing.ts';

/** What access policy decided about a new request: how it is routed, or that it is approved at once. */
export interface Admission {
  accessLevel: AccessLevel;
  routing: GrantRouting;
  /** The policies that allowed the request (audited on GRANT_REQUESTED). */
  policyIds: string[];
  /** The first `auto_approve` permit, when one applied: the grant starts at once. */
  autoApprovedBy: string | null;
  autoApprovalPolicyIds: string[];
}

/**
 * Applies the `request` and `auto_approve` decisions: refused with the forbidding policy's reason; refused when the
 * duration is over the strictest @max_duration; otherwise admitted with its routing, approved at once when an
 * `auto_approve` permit applied.
 */
export function admitRequest(input: {
  tenant: string;
  durationMs: number;
  accessLevel: AccessLevel;
  request: PolicyDecision;
  autoApprove: PolicyDecision;
}): Admission {
  const { request, autoApprove } = input;
  if (!request.allowed) throw policyRefusal(request, `${input.accessLevel} access to ${input.tenant}`);
  const routing = routingOf(request.determining);
  if (routing.maxDurationMs !== null && input.durationMs > routing.maxDurationMs) {
    throw new GrantdeskError(
      ErrorCode.InvalidDuration,
      `${input.tenant} allows at most ${formatDuration(routing.maxDurationMs)} (policy ${routing.maxDurationPolicy}): ask for ${formatDuration(routing.maxDurationMs)} or less.`,
      { field: 'duration', policyIds: policyIdsOf(request) },
    );
  }
  const autoApprovedBy = autoApprove.allowed ? (autoApprove.determining[0]?.id ?? null) : null;
  return {
    accessLevel: input.accessLevel,
    routing,
    policyIds: policyIdsOf(request),
    autoApprovedBy,
    autoApprovalPolicyIds: autoApprovedBy ? policyIdsOf(autoApprove) : [],
  };
}
