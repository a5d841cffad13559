/**
 * The JSON shapes of Grantdesk's REST API (DESIGN.md §3, §5) under the names this client uses. Each is a schema of
 * the OpenAPI document Grantdesk serves (openapi-types.ts, generated from it: `npm run generate:console-types`) or
 * read off one, so none is copied by hand; only the stream's event, which the document describes in words, is
 * written here.
 */
import type * as Api from './openapi-types.js';

export type SessionInfo = Api.SessionInfo;
export type SessionStatus = SessionInfo['status'];
export type EndReason = NonNullable<SessionInfo['endReason']>;
export type AccessLevel = SessionInfo['accessLevel'];
/** Timestamps arrive as ISO 8601 text. */
export type Instant = string;

export type SessionCheck = Api.SessionCheck;
export type UseRequest = Api.UseRequest;
export type UseResult = Api.UseResult;
export type ActionRequest = Api.ActionRequest;
export type ActionResult = Api.ActionResult;
export type EndResult = Api.EndResult;

/** A page of a list, as SessionPage pages sessions. */
export type Page<T> = Omit<Api.SessionPage, 'content'> & { content: T[] };
export type ImpersonationStats = Api.ImpersonationStats;

/** An action taken in the console, for the audit trail (POST /api/v1/audit/events). */
export type ConsoleAction = Api.ConsoleAction;
export type ConsoleActionRecorded = Api.ConsoleActionRecorded;
export type AuditEvent = Api.AuditEvent;
export type AuditEventPage = Api.AuditEventPage;

/** One change pushed by the stream and the webhook (DESIGN.md §5); its `session` is the SessionInfo schema. */
export type SessionEventType = 'session.started' | 'session.extended' | 'session.ended';
export interface SessionEvent {
  /** The audit seq: give it back as Last-Event-ID to resume. */
  id: number;
  type: SessionEventType;
  session: SessionInfo;
}

/** Grantdesk's error body, `{"error": {"code", "message", "field"?}}` (the document's Error schema). */
export type ApiErrorBody = Api.Error;
