/**
 * The access policy port (DESIGN.md §6): who may request which tenant, who approves it, and what is approved at once.
 * The domain asks one question, `decide`, with plain data; the Cedar adapter (src/policy) answers it.
 */

export const POLICY_ACTIONS = ['request', 'approve', 'auto_approve', 'break_glass'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const ACCESS_LEVELS = ['read', 'write'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** The Jira ticket as a policy sees it. */
export interface PolicyTicket {
  key: string;
  project: string;
  status: string;
  statusCategory: string;
  assigneeEmail: string;
  requesterIsAssignee: boolean;
}

/** The context of every decision; `requester` and `approvalsSoFar` are set for `approve` only. */
export interface PolicyContext {
  /** Seconds. */
  duration: number;
  accessLevel: AccessLevel;
  /** "" when the request names no tenant user. */
  targetUser: string;
  ticket: PolicyTicket;
  /** 0–23, in DIGEST_TIMEZONE. */
  hour: number;
  /** 1–7, Monday 1, in DIGEST_TIMEZONE. */
  weekday: number;
  requester?: string;
  approvalsSoFar?: number;
}

export interface PolicyRequest {
  action: PolicyAction;
  /** The person asking (or approving): Slack user id, email, and the groups they are in. */
  principal: { id: string; email: string | null; groups: readonly string[] };
  tenant: string;
  context: PolicyContext;
}

/** A policy that determined a decision: a satisfied permit (allowed) or a satisfied forbid (refused). */
export interface DeterminingPolicy {
  id: string;
  effect: 'permit' | 'forbid';
  annotations: Readonly<Record<string, string>>;
  /** Where it is written: file name and 1-based line; the generated default has file "environment". */
  file: string;
  line: number;
}

export interface PolicyDecision {
  allowed: boolean;
  /** In file and position order. Empty when refused because no permit applied. */
  determining: DeterminingPolicy[];
  /** Policies that failed to evaluate (e.g. a missing attribute): they are skipped, as Cedar does. */
  errors: string[];
}

export interface AccessPolicy {
  decide(request: PolicyRequest): PolicyDecision;
  /** Usergroup ids the policies for `action` mention: only these are looked up for a principal. */
  groupsFor(action: PolicyAction): readonly string[];
  /** sha256 of the set's sources, as written in POLICY_LOADED. */
  readonly hash: string;
  /** POLICY_DIR, or "environment" for the set generated from the settings. */
  readonly source: string;
}

/** Which of `groups` a person belongs to (Slack usergroups, and the configured approvers). */
export interface GroupDirectory {
  groupsOf(userId: string, groups: readonly string[]): Promise<string[]>;
}

export const policyIdsOf = (decision: PolicyDecision): string[] => decision.determining.map((policy) => policy.id);
