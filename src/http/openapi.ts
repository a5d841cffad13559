/**
 * The OpenAPI 3.1 description of the REST API, served at GET /api/v1/openapi.json. Written by hand beside the routes;
 * test/integration/api-openapi.test.ts checks that every route is documented with the scopes it enforces, and that
 * nothing documented is missing.
 */
import { AUDIT_EVENT_TYPES } from '../domain/audit-event.ts';
import { KNOWN_CONSOLE_ACTIONS, MAX_CLOCK_SKEW_MS } from '../domain/console-action.ts';
import { IDENTIFIER_PATTERN } from '../domain/grant-policy.ts';
import { MAX_JSON_DEPTH, MAX_JSON_LENGTH } from '../domain/json-bounds.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const dateTime = { type: 'string', format: 'date-time' };
const query = (name: string, schema: object, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  schema,
  description,
});
/** What parseGrantReference accepts: a UUID, or a short code (case, a missing `G-`, and I/L/O for 1/0 forgiven). */
export const SESSION_ID_PATTERN =
  '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|([Gg]-)?[0-9A-TV-Za-tv-z]{6})$';
const sessionId = {
  name: 'sessionId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: SESSION_ID_PATTERN },
  description: 'The session (grant) id, or its short code like G-7K3M9Q.',
};
const tenant = { type: 'string', pattern: IDENTIFIER_PATTERN.source };
/** A JSON object a client puts in the trail, with the bounds of src/domain/json-bounds.ts. */
const boundedObject = (nullableToo: boolean) => ({
  type: nullableToo ? ['object', 'null'] : 'object',
  'x-grantdesk-max-depth': MAX_JSON_DEPTH,
  'x-grantdesk-max-length': MAX_JSON_LENGTH,
  description:
    `At most ${MAX_JSON_DEPTH} levels deep and ${MAX_JSON_LENGTH} characters of JSON (422 beyond); no text with a ` +
    'NUL or an unpaired surrogate (422).',
});
const pageParams = [
  query('page', { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 }, '0-based page number.'),
  query('size', { type: 'integer', minimum: 1, maximum: 100, default: 20 }, 'Sessions per page.'),
  query('tenant', tenant, 'Only this tenant (a tenant-bound token always sees only its own).'),
];
const range = (what: string, required: boolean) => [
  query('start', { type: 'string' }, `${what} at or after this moment (ISO 8601, or a day).`, required),
  query('end', { type: 'string' }, `${what} before this moment (ISO 8601, or a day).`, required),
];

/**
 * Statuses every operation of a kind can answer, whatever its own: any request's query may hold text that cannot be
 * stored (422); any POST's body may be malformed (400), too large (413) or in another charset or encoding (415).
 */
const EVERY_OPERATION = ['422', '500'];
const EVERY_POST = ['400', '413', '415'];

/** One operation: `scopes` are alternatives (any one suffices; admin has them all). */
function operation(spec: {
  id: string;
  summary: string;
  scopes: string[];
  post?: boolean;
  parameters?: object[];
  body?: object;
  /** The body may be left out altogether. */
  bodyOptional?: boolean;
  ok: Record<string, object>;
  errors: string[];
}) {
  const byPath = spec.parameters?.includes(sessionId) ? ['400', '404'] : [];
  const errors = new Set([...spec.errors, ...byPath, ...EVERY_OPERATION, ...(spec.post ? EVERY_POST : [])]);
  return {
    operationId: spec.id,
    summary: spec.summary,
    security: [{ bearerToken: [] }],
    'x-grantdesk-scopes': spec.scopes,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.body ? { requestBody: { required: !spec.bodyOptional, ...json(spec.body) } } : {}),
    responses: {
      ...spec.ok,
      401: error('Unauthenticated'),
      403: error('Forbidden'),
      ...Object.fromEntries([...errors].sort().map((status) => [status, error(`Status${status}`)])),
    },
  };
}

const errorResponse = (description: string) => ({ description, ...json(ref('Error')) });

export const openApiDocument = {
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
      post: operation({
        id: 'useSession',
        post: true,
        summary:
          'Validate and record a use of a session: 200 while it is active, 409 (and an ACCESS_REFUSED event) if not.',
        scopes: ['sessions:write'],
        parameters: [sessionId],
        body: ref('UseRequest'),
        bodyOptional: true,
        ok: { 200: { description: 'The session may be used until expiresAt.', ...json(ref('UseResult')) } },
        errors: ['400', '404', '409', '413'],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}/record-action': {
      post: operation({
        id: 'recordAction',
        post: true,
        summary: 'Record a significant action (1–200 characters) taken during an active session.',
        scopes: ['sessions:write'],
        parameters: [sessionId],
        body: ref('ActionRequest'),
        ok: { 200: { description: 'Recorded as IMPERSONATION_ACTION.', ...json(ref('ActionResult')) } },
        errors: ['400', '404', '409', '413', '422'],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}/end': {
      post: operation({
        id: 'endSession',
        post: true,
        summary: 'End an active session normally (endReason NORMAL). Ending an ended session changes nothing.',
        scopes: ['sessions:write'],
        parameters: [sessionId],
        ok: { 200: { description: 'The session has ended.', ...json(ref('EndResult')) } },
        errors: ['404', '409'],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}/check': {
      get: operation({
        id: 'checkSession',
        summary:
          'Whether the session may be used right now: cheap enough for every impersonated request (answered from ' +
          'memory, never active past expiresAt). Writes nothing: record a use with /use.',
        scopes: ['sessions:write', 'audit:read'],
        parameters: [sessionId],
        ok: { 200: { description: 'The session’s state now.', ...json(ref('SessionCheck')) } },
        errors: ['400', '404'],
      }),
    },
    '/api/v1/impersonation/stream': {
      get: operation({
        id: 'streamSessionEvents',
        summary:
          'Server-Sent Events: session.started, session.extended, session.ended (data: SessionInfo), `id:` the audit ' +
          'seq; resume with the Last-Event-ID header (or ?lastEventId=); a heartbeat comment every 15 s. A ' +
          'tenant-bound token sees its tenant only. Without Last-Event-ID the stream starts from now.',
        scopes: ['sessions:write', 'audit:read'],
        parameters: [query('lastEventId', { type: 'integer', minimum: 0 }, 'Resume after this audit seq.')],
        ok: {
          200: { description: 'The event stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        },
        errors: [],
      }),
    },
    '/api/v1/impersonation/sessions/{sessionId}': {
      get: operation({
        id: 'getSession',
        summary: 'One session.',
        scopes: ['audit:read'],
        parameters: [sessionId],
        ok: { 200: { description: 'The session.', ...json(ref('SessionInfo')) } },
        errors: ['400', '404'],
      }),
    },
    '/api/v1/impersonation/active': {
      get: operation({
        id: 'getActiveSession',
        summary: 'The live session of an admin on a tenant (ACTIVE and before expiresAt), or 404.',
        scopes: ['sessions:write', 'audit:read'],
        parameters: [
          query('adminUser', { type: 'string', minLength: 1 }, 'The admin: email or Slack user id.', true),
          query('tenant', tenant, 'The tenant.', true),
        ],
        ok: { 200: { description: 'The live session.', ...json(ref('SessionInfo')) } },
        errors: ['400', '404'],
      }),
    },
    '/api/v1/impersonation/audit': {
      get: operation({
        id: 'listSessions',
        summary: 'Sessions (grants that became ACTIVE), newest first.',
        scopes: ['audit:read'],
        parameters: pageParams,
        ok: { 200: { description: 'One page of sessions.', ...json(ref('SessionPage')) } },
        errors: ['400'],
      }),
    },
    '/api/v1/impersonation/audit/range': {
      get: operation({
        id: 'listSessionsInRange',
        summary: 'Sessions started in [start, end), newest first.',
        scopes: ['audit:read'],
        parameters: [...range('Started', true), ...pageParams],
        ok: { 200: { description: 'One page of sessions.', ...json(ref('SessionPage')) } },
        errors: ['400'],
      }),
    },
    '/api/v1/impersonation/stats': {
      get: operation({
        id: 'getStats',
        summary: 'Session statistics.',
        scopes: ['audit:read'],
        parameters: [query('tenant', tenant, 'Only this tenant.')],
        ok: { 200: { description: 'The statistics.', ...json(ref('ImpersonationStats')) } },
        errors: ['400'],
      }),
    },
    '/api/v1/audit/events': {
      post: operation({
        id: 'recordConsoleAction',
        post: true,
        summary: 'Record a control-plane action of the console as CONSOLE_ACTION in the audit chain.',
        scopes: ['audit:write'],
        body: ref('ConsoleAction'),
        ok: {
          201: { description: 'Recorded.', ...json(ref('ConsoleActionRecorded')) },
          200: {
            description: 'An event with this id was already recorded: nothing new.',
            ...json(ref('ConsoleActionRecorded')),
          },
        },
        errors: ['400', '409', '413'],
      }),
      get: operation({
        id: 'listAuditEvents',
        summary: 'The raw audit trail in chain (seq) order, keyset-paginated.',
        scopes: ['audit:read'],
        parameters: [
          query('type', { type: 'string' }, `Event types, comma-separated: ${AUDIT_EVENT_TYPES.join(', ')}.`),
          query('tenant', tenant, 'Only this tenant.'),
          query(
            'actor',
            { type: 'string', minLength: 1, maxLength: 320 },
            'Actor id, or actor email when it contains @.',
          ),
          ...range('Occurred', false),
          query('cursor', { type: 'string', pattern: '^[A-Za-z0-9_-]+$' }, 'The nextCursor of the previous page.'),
          query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 50 }, 'Events per page.'),
        ],
        ok: { 200: { description: 'One page of events.', ...json(ref('AuditEventPage')) } },
        errors: ['400'],
      }),
    },
    '/api/v1/audit/export': {
      get: operation({
        id: 'exportAuditEvents',
        summary:
          'Stream every event that occurred in [start, end), in seq order, as CSV (with a header) or JSON Lines.',
        scopes: ['audit:read'],
        parameters: [
          ...range('Occurred', true),
          query(
            'format',
            { type: 'string', enum: ['csv', 'jsonl'], default: 'csv' },
            "File format. CSV cells that a spreadsheet would run as a formula are prefixed with '; JSON Lines keeps " +
              'every value exactly, to re-hash.',
          ),
          query('tenant', tenant, 'Only this tenant.'),
        ],
        ok: {
          200: {
            description: 'The export, as an attachment (Content-Disposition).',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/x-ndjson': { schema: { type: 'string' } },
            },
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
        responses: { 200: { description: 'OpenAPI 3.1 document.', ...json({ type: 'object' }) } },
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
      Status500: errorResponse('Grantdesk failed to answer; the error is logged. Nothing was half-written.'),
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
          },
        },
      },
      UseRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ipAddress: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] },
          userAgent: { type: 'string', maxLength: 512 },
        },
      },
      UseResult: {
        type: 'object',
        properties: { sessionId: { type: 'string' }, status: { type: 'string' }, expiresAt: dateTime },
      },
      ActionRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['action'],
        properties: { action: { type: 'string', minLength: 1, maxLength: 200 } },
      },
      ActionResult: {
        type: 'object',
        properties: { sessionId: { type: 'string' }, action: { type: 'string' }, recordedAt: dateTime },
      },
      EndResult: {
        type: 'object',
        properties: {
          sessionId: { type: 'string' },
          status: { type: 'string' },
          endTime: dateTime,
          endReason: { type: 'string', enum: ['NORMAL', 'FORCED', 'EXPIRED'] },
          changed: { type: 'boolean', description: 'False when the session had already ended.' },
        },
      },
      SessionInfo: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          adminUser: { type: 'string', description: 'The requester’s email, else their Slack id.' },
          adminSlackId: { type: 'string' },
          targetUser: nullable('string'),
          tenant: { type: 'string' },
          reason: { type: 'string' },
          ticketReference: { type: 'string' },
          ticketUrl: { type: 'string' },
          status: { type: 'string', enum: ['PENDING', 'ACTIVE', 'DENIED', 'CANCELLED', 'LAPSED', 'ENDED'] },
          ipAddress: nullable('string'),
          userAgent: nullable('string'),
          startTime: nullable('string', { format: 'date-time' }),
          endTime: nullable('string', { format: 'date-time' }),
          endReason: nullable('string', { enum: ['NORMAL', 'FORCED', 'EXPIRED', null] }),
          expiresAt: nullable('string', { format: 'date-time' }),
          approvers: { type: 'array', items: { type: 'string' } },
          actions: {
            type: 'array',
            items: { type: 'object', properties: { action: { type: 'string' }, recordedAt: dateTime } },
          },
          accessLevel: { type: 'string', enum: ['read', 'write'], description: 'Read (the default) or write access.' },
        },
      },
      SessionCheck: {
        oneOf: [
          {
            type: 'object',
            required: ['sessionId', 'active', 'tenant', 'targetUser', 'accessLevel', 'expiresAt', 'checkedAt'],
            properties: {
              sessionId: { type: 'string', format: 'uuid' },
              active: { const: true },
              tenant: { type: 'string' },
              targetUser: nullable('string'),
              accessLevel: { type: 'string', enum: ['read', 'write'] },
              expiresAt: dateTime,
              checkedAt: dateTime,
            },
          },
          {
            type: 'object',
            required: ['sessionId', 'active', 'status', 'endReason'],
            properties: {
              sessionId: { type: 'string', format: 'uuid' },
              active: { const: false },
              status: { type: 'string', enum: ['PENDING', 'DENIED', 'CANCELLED', 'LAPSED', 'ENDED'] },
              endReason: nullable('string', { enum: ['NORMAL', 'FORCED', 'EXPIRED', null] }),
            },
          },
        ],
      },
      SessionPage: {
        type: 'object',
        properties: {
          content: { type: 'array', items: ref('SessionInfo') },
          page: { type: 'integer' },
          size: { type: 'integer' },
          totalElements: { type: 'integer' },
          totalPages: { type: 'integer' },
        },
      },
      ImpersonationStats: {
        type: 'object',
        properties: {
          totalSessions: { type: 'integer' },
          activeSessions: { type: 'integer' },
          averageDurationMinutes: { type: 'number', description: 'Over sessions that have ended.' },
          sessionsByAdmin: { type: 'object', additionalProperties: { type: 'integer' } },
          sessionsByMonth: { type: 'object', additionalProperties: { type: 'integer' }, description: 'YYYY-MM, UTC.' },
          sessionsByEndReason: {
            type: 'object',
            properties: { NORMAL: { type: 'integer' }, FORCED: { type: 'integer' }, EXPIRED: { type: 'integer' } },
          },
        },
      },
      ConsoleAction: {
        type: 'object',
        additionalProperties: false,
        required: ['actor', 'action', 'tenant'],
        properties: {
          id: {
            type: 'string',
            format: 'uuid',
            description: 'The console’s event id: a retry with it records nothing new.',
          },
          actor: {
            type: 'object',
            required: ['id'],
            properties: {
              kind: { type: 'string', enum: ['staff', 'system'], default: 'staff' },
              id: { type: 'string', minLength: 1, maxLength: 200 },
              email: { type: 'string', format: 'email', maxLength: 320 },
            },
          },
          action: {
            type: 'string',
            pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$',
            maxLength: 64,
            examples: [...KNOWN_CONSOLE_ACTIONS],
            description: `Known: ${KNOWN_CONSOLE_ACTIONS.join(', ')}; other dotted names are accepted.`,
          },
          tenant,
          before: boundedObject(true),
          after: boundedObject(true),
          ipAddress: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] },
          userAgent: { type: 'string', maxLength: 512 },
          occurredAt: {
            type: 'string',
            format: 'date-time',
            description:
              'Defaults to when Grantdesk received it. From 2000-01-01T00:00:00Z to at most ' +
              `${MAX_CLOCK_SKEW_MS / 60_000} minutes ahead of Grantdesk's clock (422 otherwise).`,
          },
          details: boundedObject(false),
        },
      },
      ConsoleActionRecorded: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          seq: { type: 'integer' },
          hash: { type: 'string' },
          occurredAt: dateTime,
          duplicate: { type: 'boolean' },
        },
      },
      AuditEvent: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          id: { type: 'string', format: 'uuid' },
          occurredAt: dateTime,
          type: { type: 'string', enum: [...AUDIT_EVENT_TYPES] },
          severity: { type: 'string', enum: ['LOW', 'MEDIUM', 'HIGH'] },
          actor: {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['staff', 'system', 'api-client'] },
              id: { type: 'string' },
              email: nullable('string'),
            },
          },
          tenant: nullable('string'),
          grantId: nullable('string'),
          before: nullable('object'),
          after: nullable('object'),
          ipAddress: nullable('string'),
          userAgent: nullable('string'),
          details: { type: 'object' },
          prevHash: { type: 'string' },
          hash: { type: 'string', description: 'sha256(prevHash ‖ canonical JSON of the row)' },
        },
      },
      AuditEventPage: {
        type: 'object',
        properties: {
          events: { type: 'array', items: ref('AuditEvent') },
          nextCursor: nullable('string', { description: 'Pass as cursor for the next page; null when none follows.' }),
        },
      },
    },
  },
} as const;
