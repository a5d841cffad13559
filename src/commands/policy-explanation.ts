import { formatDuration } from '../domain/duration.ts';
import { isGrantdeskError } from '../domain/errors.ts';
import type { DeterminingPolicy, PolicyDecision } from '../domain/policy/access-policy.ts';
import { admitRequest } from '../domain/policy/admission.ts';
import { admitBreakGlass } from '../domain/policy/break-glass-admission.ts';

export interface ExplainedRequest {
  tenant: string;
  durationMs: number;
  accessLevel: 'read' | 'write';
  request: PolicyDecision;
  autoApprove: PolicyDecision;
  /** REQUIRED_APPROVALS and APPROVER_CHANNEL_ID, for a policy that does not say. */
  requiredApprovals: number;
  approverChannelId: string | undefined;
}

const named = (policies: readonly DeterminingPolicy[]) =>
  policies.map((policy) => `${policy.id} (${policy.file}:${policy.line})`).join(', ');

/**
 * What `grantdesk policy explain` prints: the decision a request would get, exactly as the request path takes it
 * (admitRequest), and the policies behind it, each with its file and line.
 */
export function explainRequest(input: ExplainedRequest): string[] {
  const { request } = input;
  try {
    const admission = admitRequest(input);
    const lines = [`request: allowed by ${named(request.determining)}`];
    if (admission.autoApprovedBy) {
      lines.push(`approval: approved at once by ${named(input.autoApprove.determining)}`);
    } else {
      const approvals = admission.routing.requiredApprovals ?? input.requiredApprovals;
      const channel = admission.routing.approverChannelId ?? input.approverChannelId ?? 'APPROVER_CHANNEL_ID';
      lines.push(`approval: ${approvals} approval${approvals === 1 ? '' : 's'} in ${channel}`);
    }
    const { maxDurationMs, maxDurationPolicy } = admission.routing;
    if (maxDurationMs !== null) lines.push(`at most: ${formatDuration(maxDurationMs)} (${maxDurationPolicy})`);
    return lines;
  } catch (error) {
    if (!isGrantdeskError(error)) throw error;
    const lines = [`request: refused: ${error.message}`];
    if (request.determining.length > 0) lines.push(`policies: ${named(request.determining)}`);
    if (request.errors.length > 0) lines.push(`errors: ${request.errors.join('; ')}`);
    return lines;
  }
}

/**
 * What `grantdesk policy explain --action break_glass` prints: the `break_glass` decision as `/grant emergency` takes
 * it (admitBreakGlass), nobody's approval, and the limit that applies, BREAK_GLASS_MAX_DURATION's or a policy's.
 */
export function explainBreakGlass(input: {
  tenant: string;
  durationMs: number;
  /** BREAK_GLASS_MAX_DURATION (never over GRANT_MAX_DURATION). */
  maxMs: number;
  decision: PolicyDecision;
}): string[] {
  const { decision } = input;
  const { refusal, routing } = admitBreakGlass(input);
  if (refusal) {
    const lines = [`break_glass: refused: ${refusal.message}`];
    if (decision.determining.length > 0) lines.push(`policies: ${named(decision.determining)}`);
    if (decision.errors.length > 0) lines.push(`errors: ${decision.errors.join('; ')}`);
    return lines;
  }
  const byPolicy = routing.maxDurationMs !== null && routing.maxDurationMs < input.maxMs;
  const limit = byPolicy ? `${formatDuration(routing.maxDurationMs ?? 0)} (${routing.maxDurationPolicy})` : null;
  return [
    `break_glass: allowed by ${named(decision.determining)}`,
    'approval: none: active at once, then reviewed by an approver',
    `at most: ${limit ?? `${formatDuration(input.maxMs)} (BREAK_GLASS_MAX_DURATION)`}`,
  ];
}
