import { breakGlassTooLong } from '../break-glass.ts';
import type { GrantdeskError } from '../errors.ts';
import type { PolicyDecision } from './access-policy.ts';
import { policyRefusal } from './policy-refusal.ts';
import { type GrantRouting, routingOf } from './policy-routing.ts';

/**
 * Applies the `break_glass` decision to a break-glass of `durationMs` on `tenant`: refused for asking longer than
 * BREAK_GLASS_MAX_DURATION (`maxMs`), with the forbidding policy's reason (or for want of a permit), or for asking
 * longer than the strictest @max_duration of the permitting policies; otherwise admitted, with the routing those policies imply.
 * The `/grant emergency` path and `grantdesk policy explain --action break_glass` both decide with it.
 */
export function admitBreakGlass(input: {
  tenant: string;
  durationMs: number;
  /** BREAK_GLASS_MAX_DURATION. */
  maxMs: number;
  decision: PolicyDecision;
}): { refusal: GrantdeskError; routing: null } | { refusal: null; routing: GrantRouting } {
  const { decision, durationMs } = input;
  // The setting first, as `/grant emergency` checks it with the other fields before asking the policy.
  const tooLong = breakGlassTooLong(durationMs, input.maxMs);
  if (tooLong) return { refusal: tooLong, routing: null };
  if (!decision.allowed) {
    return { refusal: policyRefusal(decision, `break-glass access to ${input.tenant}`), routing: null };
  }
  const routing = routingOf(decision.determining);
  const overPolicy =
    routing.maxDurationMs !== null
      ? breakGlassTooLong(durationMs, routing.maxDurationMs, routing.maxDurationPolicy)
      : null;
  return overPolicy ? { refusal: overPolicy, routing: null } : { refusal: null, routing };
}
