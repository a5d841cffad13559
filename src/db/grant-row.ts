import type {
  Approval,
  BreakGlassReview,
  EndReason,
  ExtensionRequest,
  Grant,
  GrantStatus,
  TicketSnapshot,
} from '../domain/grant.ts';
import type { AccessLevel } from '../domain/policy/access-policy.ts';
import type { Models, Row } from './models.ts';

const dateOrNull = (value: unknown): Date | null => (value == null ? null : new Date(value as string));
const textOrNull = (value: unknown): string | null => (value == null ? null : String(value));

/** Extension requests are kept as JSON; their dates travel as ISO strings. */
function extensionFromJson(value: unknown): ExtensionRequest | null {
  if (!value) return null;
  const raw = value as ExtensionRequest & { requestedAt: string; approvals: (Approval & { approvedAt: string })[] };
  return {
    ...raw,
    requestedAt: new Date(raw.requestedAt),
    approvals: raw.approvals.map((a) => ({ ...a, approvedAt: new Date(a.approvedAt) })),
  };
}

/** A break-glass review is kept as JSON; its date travels as an ISO string. */
function reviewFromJson(value: unknown): BreakGlassReview | null {
  if (!value) return null;
  const raw = value as BreakGlassReview & { reviewedAt: string };
  return { ...raw, reviewedAt: new Date(raw.reviewedAt) };
}

export function grantFromRow(row: Row, approvals: Row[]): Grant {
  return {
    id: String(row.id),
    shortCode: String(row.shortCode),
    requesterId: String(row.requesterId),
    requesterEmail: textOrNull(row.requesterEmail),
    tenant: String(row.tenant),
    targetUser: textOrNull(row.targetUser),
    reason: String(row.reason),
    ticket: row.ticket as TicketSnapshot,
    requestedDurationMs: Number(row.requestedDurationMs),
    status: row.status as GrantStatus,
    approvals: approvals
      .map((a) => ({
        approverId: String(a.approverId),
        approverEmail: textOrNull(a.approverEmail),
        approvedAt: new Date(a.approvedAt as string),
      }))
      .sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime()),
    requestedAt: new Date(row.requestedAt as string),
    decidedAt: dateOrNull(row.decidedAt),
    decidedBy: textOrNull(row.decidedBy),
    denyReason: textOrNull(row.denyReason),
    startTime: dateOrNull(row.startTime),
    expiresAt: dateOrNull(row.expiresAt),
    endTime: dateOrNull(row.endTime),
    endReason: (row.endReason as EndReason | null) ?? null,
    endedBy: textOrNull(row.endedBy),
    endNote: textOrNull(row.endNote),
    ipAddress: textOrNull(row.ipAddress),
    userAgent: textOrNull(row.userAgent),
    expiryVersion: Number(row.expiryVersion),
    pendingExtension: extensionFromJson(row.pendingExtension),
    card: row.cardChannelId ? { channelId: String(row.cardChannelId), messageTs: String(row.cardMessageTs) } : null,
    accessLevel: (row.accessLevel as AccessLevel | undefined) ?? 'read',
    requiredApprovals: row.requiredApprovals == null ? null : Number(row.requiredApprovals),
    approverChannelId: textOrNull(row.approverChannelId),
    approvedByPolicy: textOrNull(row.approvedByPolicy),
    breakGlass: row.breakGlass === true,
    review: reviewFromJson(row.review),
    remindedAt: dateOrNull(row.remindedAt),
    escalatedAt: dateOrNull(row.escalatedAt),
  };
}

/** The grant's own columns (approvals live in their own table). */
export function rowFromGrant(grant: Grant): Row {
  const { approvals: _approvals, ticket, card, pendingExtension, accessLevel, review, ...columns } = grant;
  return {
    ...columns,
    breakGlass: grant.breakGlass ?? false,
    review: review ?? null,
    accessLevel: accessLevel ?? 'read',
    requiredApprovals: grant.requiredApprovals ?? null,
    approverChannelId: grant.approverChannelId ?? null,
    approvedByPolicy: grant.approvedByPolicy ?? null,
    remindedAt: grant.remindedAt ?? null,
    escalatedAt: grant.escalatedAt ?? null,
    ticketKey: ticket.key,
    ticket,
    pendingExtension,
    cardChannelId: card?.channelId ?? null,
    cardMessageTs: card?.messageTs ?? null,
  };
}

/** The grants columns under the model's attribute names, as grantFromRow reads them (`alias` names the table). */
export function grantColumnList(models: Models, alias: string): string {
  return Object.entries(models.Grant.getAttributes())
    .map(([name, attribute]) => `${alias}.${attribute.field ?? name} AS "${name}"`)
    .join(', ');
}

/** A grant's approvals as one JSON array, for a statement that reads grants as `g`. */
export const APPROVALS_OF_G = `(SELECT coalesce(json_agg(json_build_object('approverId', a.approver_id,
  'approverEmail', a.approver_email, 'approvedAt', a.approved_at)), '[]') FROM grant_approvals a WHERE a.grant_id = g.id)`;

/** The approval columns under the names grantFromRow reads. */
export const APPROVAL_COLUMNS = `approver_id AS "approverId", approver_email AS "approverEmail",
  approved_at AS "approvedAt"`;
