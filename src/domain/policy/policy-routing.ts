import { parseDuration } from '../duration.ts';
import type { DeterminingPolicy } from './access-policy.ts';

/** Where a request goes and how much it takes, from the annotations of the permit policies that allowed it. */
export interface GrantRouting {
  /** null: APPROVER_CHANNEL_ID. */
  approverChannelId: string | null;
  /** null: REQUIRED_APPROVALS. */
  requiredApprovals: number | null;
  /** null: GRANT_MAX_DURATION. */
  maxDurationMs: number | null;
  /** The policy that set the maximum, to name it when a request asks for more. */
  maxDurationPolicy: string | null;
}

/**
 * The strictest wins (DESIGN.md §6): the most approvals and the shortest maximum any permitting policy asks for; the
 * channel of the first policy (by file and position) that names one. Annotations were checked when the set loaded.
 */
export function routingOf(permits: readonly DeterminingPolicy[]): GrantRouting {
  const routing: GrantRouting = {
    approverChannelId: null,
    requiredApprovals: null,
    maxDurationMs: null,
    maxDurationPolicy: null,
  };
  for (const policy of permits) {
    if (policy.effect !== 'permit') continue;
    const { approver_channel: channel, approvals, max_duration: maxDuration } = policy.annotations;
    if (channel && routing.approverChannelId === null) routing.approverChannelId = channel;
    const required = approvals === undefined ? undefined : Number(approvals);
    if (required !== undefined && required > (routing.requiredApprovals ?? 0)) routing.requiredApprovals = required;
    const maxMs = maxDuration === undefined ? undefined : parseDuration(maxDuration);
    if (maxMs !== undefined && (routing.maxDurationMs === null || maxMs < routing.maxDurationMs)) {
      routing.maxDurationMs = maxMs;
      routing.maxDurationPolicy = policy.id;
    }
  }
  return routing;
}

/** What is wrong with a policy's routing annotations, if anything (checked when a set loads). */
export function routingAnnotationProblems(annotations: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const { approver_channel: channel, approvals, max_duration: maxDuration } = annotations;
  if (channel !== undefined && !/^[CG][A-Z0-9]+$/.test(channel)) {
    problems.push(`@approver_channel("${channel}") is not a Slack channel id like C0123ABCD`);
  }
  if (approvals !== undefined && !/^[1-9][0-9]?$/.test(approvals)) {
    problems.push(`@approvals("${approvals}") is not a whole number from 1 to 99`);
  }
  if (maxDuration !== undefined && parseDuration(maxDuration) === undefined) {
    problems.push(`@max_duration("${maxDuration}") is not a duration like 2h or 45m`);
  }
  return problems;
}
