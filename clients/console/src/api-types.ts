/** The JSON shapes of Grantdesk's REST API (DESIGN.md §3, §5), as the served OpenAPI document describes them. */

export type SessionStatus = 'PENDING' | 'ACTIVE' | 'DENIED' | 'CANCELLED' | 'LAPSED' | 'ENDED';
export type EndReason = 'NORMAL' | 'FORCED' | 'EXPIRED';
export type AccessLevel = 'read' | 'write';
/** Timestamps arrive as ISO 8601 text. */
export type Instant = string;

export interface SessionInfo {
  id: string;
  adminUser: string;
  adminSlackId: string;
  targetUser: string | null;
  tenant: string;
  reason: string;
  ticketReference: string;
  ticketUrl: string;
  status: SessionStatus;
  ipAddress: string | null;
  userAgent: string | null;
  startTime: Instant | null;
  endTime: Instant | null;
  endReason: EndReason | null;
  expiresAt: Instant | null;
  approvers: string[];
  actions: { action: string; recordedAt: Instant }[];
  accessLevel?: AccessLevel;
}

export type SessionCheck =
  | {
      sessionId: string;
      active: true;
      tenant: string;
      targetUser: string | null;
      accessLevel: AccessLevel;
      expiresAt: Instant;
      checkedAt: Instant;
    }
  | { sessionId: string; active: false; status: Exclude<SessionStatus, 'ACTIVE'>; endReason: EndReason | null };

export interface UseResult {
  sessionId: string;
  status: SessionStatus;
  expiresAt: Instant;
}
export interface ActionResult {
  sessionId: string;
  action: string;
  recordedAt: Instant;
}
export interface EndResult {
  sessionId: string;
  status: SessionStatus;
  endTime: Instant | null;
  endReason: EndReason | null;
  changed: boolean;
}

export interface Page<T> {
  content: T[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

export interface ImpersonationStats {
  totalSessions: number;
  activeSessions: number;
  averageDurationMinutes: number;
  sessionsByAdmin: Record<string, number>;
  sessionsByMonth: Record<string, number>;
  sessionsByEndReason: Record<EndReason, number>;
}

/** An action taken in the console, for the audit trail (POST /api/v1/audit/events). */
export interface ConsoleAction {
  id?: string;
  actor: { kind?: 'staff' | 'system'; id: string; email?: string };
  action: string;
  tenant: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  ipAddress?: string;
  userAgent?: string;
  occurredAt?: Instant;
  details?: Record<string, unknown>;
}
export interface ConsoleActionRecorded {
  id: string;
  seq: number;
  hash: string;
  occurredAt: Instant;
  duplicate: boolean;
}

export interface AuditEvent {
  id: string;
  seq: number;
  type: string;
  occurredAt: Instant;
  grantId: string | null;
  tenant: string | null;
  actor: Record<string, unknown>;
  details: Record<string, unknown>;
  [field: string]: unknown;
}
export interface AuditEventPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

/** One change pushed by the stream and the webhook (DESIGN.md §5). */
export type SessionEventType = 'session.started' | 'session.extended' | 'session.ended';
export interface SessionEvent {
  /** The audit seq: give it back as Last-Event-ID to resume. */
  id: number;
  type: SessionEventType;
  session: SessionInfo;
}

/** Grantdesk's error body, `{"error": {"code", "message", "field"?}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}
