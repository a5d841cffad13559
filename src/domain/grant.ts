import type { AccessLevel } from './policy/access-policy.ts';

/**
 * The Grant: one impersonation session on a customer tenant, from request to end.
 * Plain data; every change goes through a function in transitions.ts.
 */

export const GRANT_STATUSES = ['PENDING', 'ACTIVE', 'DENIED', 'CANCELLED', 'LAPSED', 'ENDED'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export const END_REASONS = ['NORMAL', 'FORCED', 'EXPIRED'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** Statuses a grant never leaves. */
export const FINAL_STATUSES: ReadonlySet<GrantStatus> = new Set(['DENIED', 'CANCELLED', 'LAPSED', 'ENDED']);

/** Who did something: a member of staff (Slack user), Grantdesk itself, or a REST client (API token). */
export interface Actor {
  kind: 'staff' | 'system' | 'api-client';
  /** Slack user id for staff, token id for an API client, a job name for the system. */
  id: string;
  email?: string | null;
}

/** Jira's view of the ticket when the grant was requested (or last re-checked). */
export interface TicketSnapshot {
  key: string;
  summary: string;
  status: string;
  /** Jira's status category key: `new`, `indeterminate` or `done`. */
  statusCategory: string;
  assignee: string | null;
  /** The assignee's email where Jira shows it (Data Center does; Cloud only to those its privacy settings allow). */
  assigneeEmail?: string | null;
  url: string;
}

export interface Approval {
  approverId: string;
  approverEmail: string | null;
  approvedAt: Date;
}

/** An extension asked for on an ACTIVE grant, waiting for approvers. */
export interface ExtensionRequest {
  id: string;
  durationMs: number;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  approvals: Approval[];
}

/** Where the approver card was posted, so later events can update it and reply in its thread. */
export interface CardRef {
  channelId: string;
  messageTs: string;
}

export interface Grant {
  id: string;
  /** `G-7K3M9Q`: the form people type and read; unique, derived from the id (see short-code.ts). */
  shortCode: string;
  requesterId: string;
  requesterEmail: string | null;
  tenant: string;
  targetUser: string | null;
  reason: string;
  ticket: TicketSnapshot;
  requestedDurationMs: number;
  status: GrantStatus;
  approvals: Approval[];
  requestedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  denyReason: string | null;
  startTime: Date | null;
  expiresAt: Date | null;
  endTime: Date | null;
  endReason: EndReason | null;
  endedBy: string | null;
  /** Why it ended, in words: the revoke reason, "ticket closed", "expired". */
  endNote: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  /**
   * Bumped every time expiresAt is set, so a delayed expiry job carries the version it was scheduled for and a
   * job superseded by an extension recognises itself as stale.
   */
  expiryVersion: number;
  pendingExtension: ExtensionRequest | null;
  card: CardRef | null;
  /** `read` or `write` (DESIGN.md §6); absent means read, the default. */
  accessLevel?: AccessLevel;
  /** Approvals this grant needs, from its access policy; absent or null: REQUIRED_APPROVALS. */
  requiredApprovals?: number | null;
  /** Where its approver card goes, from its access policy; absent or null: APPROVER_CHANNEL_ID. */
  approverChannelId?: string | null;
  /** The policy that approved it at once (`auto_approve`), when one did. */
  approvedByPolicy?: string | null;
  /** Started by break-glass (DESIGN.md §7): ACTIVE at once, without approval, reviewed afterwards. */
  breakGlass?: boolean;
  /** An approver's review of a break-glass grant; null until reviewed. */
  review?: BreakGlassReview | null;
  /** When the approvers were reminded of it while PENDING (APPROVAL_REMINDER); absent or null: not yet. */
  remindedAt?: Date | null;
  /** When its card was also posted to ESCALATION_CHANNEL_ID (APPROVAL_ESCALATION); absent or null: not yet. */
  escalatedAt?: Date | null;
}

/** How an approver judged a break-glass after the fact: fine, or flagged for a closer look (with a note). */
export const REVIEW_OUTCOMES = ['acknowledged', 'flagged'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface BreakGlassReview {
  reviewerId: string;
  reviewerEmail: string | null;
  outcome: ReviewOutcome;
  /** Required for a flag; optional for an acknowledgement. */
  note: string | null;
  reviewedAt: Date;
}

export const accessLevelOf = (grant: Pick<Grant, 'accessLevel'>): AccessLevel => grant.accessLevel ?? 'read';

/** The approvals a grant needs: its policy's number, else the deployment's. */
export const requiredApprovalsOf = (grant: Pick<Grant, 'requiredApprovals'>, fallback: number): number =>
  grant.requiredApprovals ?? fallback;

/** True while the grant may be used: ACTIVE and before its expiry. */
export function isLive(grant: Grant, at: Date): boolean {
  return grant.status === 'ACTIVE' && grant.expiresAt !== null && at.getTime() < grant.expiresAt.getTime();
}
