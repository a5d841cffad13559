/**
 * The OpenAPI 3.1 description of the REST API, served at GET /api/v1/openapi.json, generated from the zod schemas
 * that validate the requests and describe the answers (session-schemas.ts, audit-schemas.ts). Here: which
 * operations there are, their scopes and the statuses they answer. test/integration/api-openapi.test.ts checks every
 * route is documented with the scopes it enforces; api-openapi-responses.test.ts checks real answers against it.
 */
import { z } from 'zod';
import { apiErrorBody } from './api-error-handler.ts';
import {
  auditEvent,
  auditEventPage,
  consoleActionBody,
  consoleActionRecorded,
  eventsQuery,
  exportQuery,
} from './audit-schemas.ts';
import { OpenApiBuilder, type OpenApiDocument, type OpenApiResponse } from './openapi-builder.ts';
import {
  actionBody,
  actionResult,
  activeQuery,
  endResult,
  impersonationStats,
  pageQuery,
  rangeQuery,
  sessionCheck,
  sessionInfo,
  sessionPage,
  sessionPath,
  statsQuery,
  streamQuery,
  useBody,
  useResult,
} from './session-schemas.ts';

export { SESSION_ID_PATTERN } from './session-schemas.ts';

const api = new OpenApiBuilder({
  requests: { UseRequest: useBody, ActionRequest: actionBody, ConsoleAction: consoleActionBody },
  responses: {
    Error: apiErrorBody,
    UseResult: useResult,
    ActionResult: actionResult,
    EndResult: endResult,
    SessionInfo: sessionInfo,
    SessionCheck: sessionCheck,
    SessionPage: sessionPage,
    ImpersonationStats: impersonationStats,
    ConsoleActionRecorded: consoleActionRecorded,
    AuditEvent: auditEvent,
    AuditEventPage: auditEventPage,
  },
});

const errorResponse = (description: string): OpenApiResponse => ({
  description,
  content: api.json(apiErrorBody, 'output'),
});
const sessionPages = { description: 'One page of sessions.', schema: sessionPage };

export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Grantdesk REST API',
    version: '1.0.0',
    description:
      'Time-boxed, audited impersonation sessions and their audit trail. Authenticate with `Authorization: Bearer ' +
      '<token>` (created with `grantdesk token create`). A token bound to a tenant sees only that tenant. Errors are ' +
      '`{"error": {"code", "message", "field"?}}`. Request bodies are JSON, at most 16 KB.',
  },
  paths: {
    '/api/v1/impersonation/sessions/{sessionId}/use': {
      post: api.operation({
        id: 'useSession',
        post: true,
        summary:
          'Validate and record a use of a session: 200 while it is active, 409 (and an ACCESS_REFUSED event) if not.',
        scopes: ['sessions:write'],
        path: sessionPath,
        body: useBody,
        bodyOptional: true,
        ok: { 200: { description: 'The session may be used until expiresAt.', schema: useResult } },
        errors: ['400', '404', '409', '413'],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}/record-action': {
      post: api.operation({
        id: 'recordAction',
        post: true,
        summary: 'Record a significant action (1–200 characters) taken during an active session.',
        scopes: ['sessions:write'],
        path: sessionPath,
        body: actionBody,
        ok: { 200: { description: 'Recorded as IMPERSONATION_ACTION.', schema: actionResult } },
        errors: ['400', '404', '409', '413', '422'],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}/end': {
      post: api.operation({
        id: 'endSession',
        post: true,
        summary: 'End an active session normally (endReason NORMAL). Ending an ended session changes nothing.',
        scopes: ['sessions:write'],
        path: sessionPath,
        ok: { 200: { description: 'The session has ended.', schema: endResult } },
        errors: ['404', '409'],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}/check': {
      get: api.operation({
        id: 'checkSession',
        summary:
          'Whether the session may be used right now: cheap enough for every impersonated request (answered from ' +
          'memory, never active past expiresAt). Writes nothing: record a use with /use.',
        scopes: ['sessions:write', 'audit:read'],
        path: sessionPath,
        ok: { 200: { description: 'The session’s state now.', schema: sessionCheck } },
        errors: ['400', '404'],
      }),
    },
    '/api/v1/impersonation/stream': {
      get: api.operation({
        id: 'streamSessionEvents',
        summary:
          'Server-Sent Events: session.started, session.extended, session.ended (data: SessionInfo), `id:` the audit ' +
          'seq; resume with the Last-Event-ID header (or ?lastEventId=); a heartbeat comment every 15 s. A ' +
          'tenant-bound token sees its tenant only. Without Last-Event-ID the stream starts from now.',
        scopes: ['sessions:write', 'audit:read'],
        query: streamQuery,
        ok: { 200: { description: 'The event stream.', media: ['text/event-stream'] } },
        errors: [],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}': {
      get: api.operation({
        id: 'getSession',
        summary: 'One session.',
        scopes: ['audit:read'],
        path: sessionPath,
        ok: { 200: { description: 'The session.', schema: sessionInfo } },
        errors: ['400', '404'],
      }),
    },
    '/api/v1/impersonation/active': {
      get: api.operation({
        id: 'getActiveSession',
        summary: 'The live session of an admin on a tenant (ACTIVE and before expiresAt), or 404.',
        scopes: ['sessions:write', 'audit:read'],
        query: activeQuery,
        ok: { 200: { description: 'The live session.', schema: sessionInfo } },
        errors: ['400', '404'],
      }),
    },
    '/api/v1/impersonation/audit': {
      get: api.operation({
        id: 'listSessions',
        summary: 'Sessions (grants that became ACTIVE), newest first.',
        scopes: ['audit:read'],
        query: pageQuery,
        ok: { 200: sessionPages },
        errors: ['400'],
      }),
    },
    '/api/v1/impersonation/audit/range': {
      get: api.operation({
        id: 'listSessionsInRange',
        summary: 'Sessions started in [start, end), newest first.',
        scopes: ['audit:read'],
        query: rangeQuery,
        ok: { 200: sessionPages },
        errors: ['400'],
      }),
    },
    '/api/v1/impersonation/stats': {
      get: api.operation({
        id: 'getStats',
        summary: 'Session statistics.',
        scopes: ['audit:read'],
        query: statsQuery,
        ok: { 200: { description: 'The statistics.', schema: impersonationStats } },
        errors: ['400'],
      }),
    },
    '/api/v1/audit/events': {
      post: api.operation({
        id: 'recordConsoleAction',
        post: true,
        summary: 'Record a control-plane action of the console as CONSOLE_ACTION in the audit chain.',
        scopes: ['audit:write'],
        body: consoleActionBody,
        ok: {
          201: { description: 'Recorded.', schema: consoleActionRecorded },
          200: {
            description: 'An event with this id was already recorded: nothing new.',
            schema: consoleActionRecorded,
          },
        },
        errors: ['400', '409', '413'],
      }),
      get: api.operation({
        id: 'listAuditEvents',
        summary: 'The raw audit trail in chain (seq) order, keyset-paginated.',
        scopes: ['audit:read'],
        query: eventsQuery,
        ok: { 200: { description: 'One page of events.', schema: auditEventPage } },
        errors: ['400'],
      }),
    },
    '/api/v1/audit/export': {
      get: api.operation({
        id: 'exportAuditEvents',
        summary:
          'Stream every event that occurred in [start, end), in seq order, as CSV (with a header) or JSON Lines.',
        scopes: ['audit:read'],
        query: exportQuery,
        ok: {
          200: {
            description: 'The export, as an attachment (Content-Disposition).',
            media: ['text/csv', 'application/x-ndjson'],
          },
        },
        errors: ['400'],
      }),
    },
    '/api/v1/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document (no token needed).',
        security: [],
        responses: {
          200: {
            description: 'OpenAPI 3.1 document.',
            content: api.json(z.looseObject({ openapi: z.string() }), 'output'),
          },
        },
      },
    },
  },
  components: {
    securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'A Grantdesk API token.' } },
    responses: {
      Unauthenticated: errorResponse('No token, or an unknown, expired or revoked one.'),
      Forbidden: errorResponse('The token lacks the scope, or is bound to another tenant.'),
      Status400: errorResponse(
        'A field is missing or malformed, the path is not valid UTF-8, or the body cannot be read; `field` names it.',
      ),
      Status404: errorResponse('No such session (or it belongs to another tenant than the token’s).'),
      Status409: errorResponse('The session is not active (recorded as ACCESS_REFUSED), or the id is taken.'),
      Status413: errorResponse('The body is larger than 16 KB.'),
      Status415: errorResponse('The body is in a charset other than UTF-8, or a Content-Encoding not supported.'),
      Status422: errorResponse(
        'The value is not acceptable: text with a NUL or an unpaired surrogate (unstorable_text), a JSON field too ' +
          'deep or too long (json_too_large), an occurredAt before 2000 or ahead of the clock (invalid_time), an ' +
          'action longer than 200 characters (action_too_long). `field` names it.',
      ),
      Status429: {
        ...errorResponse(
          'The token made more requests in a minute than API_RATE_LIMIT allows, or (export) too many exports run.',
        ),
        headers: {
          'Retry-After': { description: 'Seconds to wait before asking again.', schema: { type: 'integer' } },
        },
      },
      Status500: errorResponse('Grantdesk failed to answer; the error is logged. Nothing was half-written.'),
    },
    schemas: api.schemas(),
  },
};
