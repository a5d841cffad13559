import { ErrorCode, GrantdeskError } from '../errors.ts';
import { type PolicyDecision, policyIdsOf } from './access-policy.ts';

/**
 * Why a request was refused, in the words of the forbidding policy's @reason annotation when it has one (the security
 * team writes what to do: "ask in #eu-access"), else a plain statement naming the policies.
 */
export function policyRefusal(decision: PolicyDecision, what: string): GrantdeskError {
  const forbids = decision.determining.filter((policy) => policy.effect === 'forbid');
  const reasons = forbids.map((policy) => policy.annotations.reason).filter((reason): reason is string => !!reason);
  const policyIds = policyIdsOf(decision);
  const message =
    reasons.length > 0
      ? reasons.join(' ')
      : forbids.length > 0
        ? `Access policy ${forbids.map((policy) => policy.id).join(', ')} forbids ${what}: ask your security team.`
        : `No access policy allows ${what}: ask your security team which policy should.`;
  return new GrantdeskError(ErrorCode.PolicyRefused, message, { policyIds });
}
