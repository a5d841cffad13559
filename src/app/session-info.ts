import type { SessionAction } from '../db/session-queries.ts';
import { accessLevelOf, type EndReason, type Grant, type GrantStatus } from '../domain/grant.ts';
import type { AccessLevel } from '../domain/policy/access-policy.ts';

/** A grant as the support console and compliance read it (DESIGN.md §3, SessionInfo). */
export interface SessionInfo {
  id: string;
  /** The requester's email when known, else their Slack id. */
  adminUser: string;
  adminSlackId: string;
  targetUser: string | null;
  tenant: string;
  reason: string;
  ticketReference: string;
  ticketUrl: string;
  status: GrantStatus;
  ipAddress: string | null;
  userAgent: string | null;
  startTime: Date | null;
  endTime: Date | null;
  endReason: EndReason | null;
  expiresAt: Date | null;
  /** Each approver's email when known, else their Slack id, in the order they approved. */
  approvers: string[];
  actions: SessionAction[];
  /** `read` or `write` (DESIGN.md §6); toSessionInfo always sets it (optional for views built before it existed). */
  accessLevel?: AccessLevel;
}

export function toSessionInfo(grant: Grant, actions: SessionAction[]): SessionInfo {
  return {
    id: grant.id,
    adminUser: grant.requesterEmail ?? grant.requesterId,
    adminSlackId: grant.requesterId,
    targetUser: grant.targetUser,
    tenant: grant.tenant,
    reason: grant.reason,
    ticketReference: grant.ticket.key,
    ticketUrl: grant.ticket.url,
    status: grant.status,
    ipAddress: grant.ipAddress,
    userAgent: grant.userAgent,
    startTime: grant.startTime,
    endTime: grant.endTime,
    endReason: grant.endReason,
    expiresAt: grant.expiresAt,
    approvers: grant.approvals.map((a) => a.approverEmail ?? a.approverId),
    actions: actions.map(({ action, recordedAt }) => ({ action, recordedAt })),
    accessLevel: accessLevelOf(grant),
  };
}
