import type { Actor } from './grant.ts';

export const AUDIT_EVENT_TYPES = [
  'GRANT_REQUESTED',
  'GRANT_APPROVAL_ADDED',
  'IMPERSONATION_START',
  'GRANT_DENIED',
  'GRANT_CANCELLED',
  'GRANT_LAPSED',
  'GRANT_BREAK_GLASS',
  'GRANT_REVIEWED',
  /** A request still PENDING after APPROVAL_REMINDER: its approvers were reminded (DESIGN.md §7). */
  'GRANT_APPROVAL_REMINDED',
  /** A request still PENDING after APPROVAL_ESCALATION: its card was posted to ESCALATION_CHANNEL_ID. */
  'GRANT_ESCALATED',
  'GRANT_EXTENSION_REQUESTED',
  'GRANT_EXTENSION_DENIED',
  'GRANT_EXTENDED',
  'GRANT_USED',
  'IMPERSONATION_ACTION',
  'IMPERSONATION_END',
  'ACCESS_REFUSED',
  'API_TOKEN_CREATED',
  'API_TOKEN_REVOKED',
  'AUDIT_PURGED',
  'RETENTION_POLICY_SET',
  'DIGEST_POSTED',
  'CONSOLE_ACTION',
  'POLICY_LOADED',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** An audit event before it is chained: the store adds seq, prevHash and hash. */
export interface AuditEventDraft {
  id: string;
  occurredAt: Date;
  type: AuditEventType;
  severity: Severity;
  actor: Actor;
  tenant: string | null;
  grantId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ipAddress: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

/** A chained, stored audit event. */
export interface AuditEvent extends AuditEventDraft {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Severity follows from the type: impersonation itself and refused access are what compliance reads first
 * (DESIGN.md §1: every IMPERSONATION_* event is HIGH; a break-glass start, which no approver saw first, too).
 */
export function severityOf(type: AuditEventType): Severity {
  // Break-glass skips approval: compliance must see it first, like impersonation itself.
  if (type.startsWith('IMPERSONATION_') || type === 'ACCESS_REFUSED' || type === 'GRANT_BREAK_GLASS') return 'HIGH';
  if (type === 'GRANT_REQUESTED' || type === 'GRANT_USED' || type === 'DIGEST_POSTED') return 'LOW';
  return 'MEDIUM';
}

export type AuditEventInput = Pick<AuditEventDraft, 'type' | 'actor' | 'occurredAt'> &
  Partial<Omit<AuditEventDraft, 'type' | 'actor' | 'occurredAt' | 'severity' | 'id'>>;

/**
 * Builds a draft. The id is drawn by the caller's id source so the domain stays free of randomness; until then it
 * is empty and the audit store fills it in.
 */
export function auditEvent(input: AuditEventInput): AuditEventDraft {
  return {
    id: '',
    severity: severityOf(input.type),
    tenant: null,
    grantId: null,
    before: null,
    after: null,
    ipAddress: null,
    userAgent: null,
    details: {},
    ...input,
  };
}
