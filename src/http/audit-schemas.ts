/**
 * The shapes of /api/v1/audit/…: the zod schemas that validate its requests, and those of its answers. The OpenAPI
 * document (openapi.ts) is generated from these, so what it states is what the routes enforce.
 */
import { z } from 'zod';
import { EXPORT_FORMATS } from '../app/export-audit.ts';
import { AUDIT_EVENT_TYPES, type AuditEventType, SEVERITIES } from '../domain/audit-event.ts';
import {
  CONSOLE_ACTION_MAX_LENGTH,
  CONSOLE_ACTION_PATTERN,
  KNOWN_CONSOLE_ACTIONS,
  MAX_CLOCK_SKEW_MS,
} from '../domain/console-action.ts';
import { MAX_JSON_DEPTH, MAX_JSON_LENGTH } from '../domain/json-bounds.ts';
import { apiFields, checkRange, JSON_BODY } from './api-fields.ts';
import { decodeEventCursor } from './event-cursor.ts';

const jsonObject = z.record(z.string(), z.unknown(), { error: 'expected a JSON object' });
/** The bounds src/domain/json-bounds.ts enforces (422) on a JSON object a client puts in the trail. */
const jsonBounds = {
  'x-grantdesk-max-depth': MAX_JSON_DEPTH,
  'x-grantdesk-max-length': MAX_JSON_LENGTH,
  description:
    `At most ${MAX_JSON_DEPTH} levels deep and ${MAX_JSON_LENGTH} characters of JSON (422 beyond); no text with a ` +
    'NUL or an unpaired surrogate (422).',
};

export const consoleActionBody = z.strictObject(
  {
    id: z
      .uuid({ error: 'expected a UUID (the console’s own event id, for de-duplication)' })
      .optional()
      .describe('The console’s event id: a retry with it records nothing new.'),
    actor: z.strictObject(
      {
        kind: z.enum(['staff', 'system'], { error: 'expected staff or system' }).default('staff'),
        id: z.string({ error: 'expected the actor id' }).trim().min(1, 'expected the actor id').max(200),
        email: z.email({ error: 'expected an email address' }).max(320).optional(),
      },
      { error: 'expected an object like {"id": "U0123", "email": "ada@example.com"}' },
    ),
    // The dotted form and its length are the domain's rule (consoleActionEvent); here only the type is checked.
    action: z.string({ error: 'expected a dotted name like tenant.suspend' }).meta({
      pattern: CONSOLE_ACTION_PATTERN.source,
      maxLength: CONSOLE_ACTION_MAX_LENGTH,
      examples: [...KNOWN_CONSOLE_ACTIONS],
      description: `Known: ${KNOWN_CONSOLE_ACTIONS.join(', ')}; other dotted names are accepted.`,
    }),
    tenant: apiFields.tenant,
    before: jsonObject.nullable().optional().meta(jsonBounds),
    after: jsonObject.nullable().optional().meta(jsonBounds),
    ipAddress: apiFields.ipAddress.optional(),
    userAgent: apiFields.userAgent.optional(),
    occurredAt: apiFields.instant.optional().meta({
      format: 'date-time',
      description:
        'Defaults to when Grantdesk received it. From 2000-01-01T00:00:00Z to at most ' +
        `${MAX_CLOCK_SKEW_MS / 60_000} minutes ahead of Grantdesk's clock (422 otherwise).`,
    }),
    details: jsonObject.optional().meta(jsonBounds),
  },
  JSON_BODY,
);

const eventTypes = z.string({ error: 'expected event types, comma-separated' }).transform((text, context) => {
  const types = text.split(',').map((t) => t.trim().toUpperCase());
  const unknown = types.filter((t) => !(AUDIT_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    context.addIssue({
      code: 'custom',
      message: `unknown type ${unknown.join(', ')}; one or more of ${AUDIT_EVENT_TYPES.join(', ')}`,
    });
  }
  return types as AuditEventType[];
});
const NOT_A_CURSOR = 'expected a nextCursor returned by this API';
/** base64url, as encodeEventCursor writes it (Buffer would otherwise skip other characters while decoding). */
const cursor = z
  .string({ error: NOT_A_CURSOR })
  .regex(/^[A-Za-z0-9_-]+$/, NOT_A_CURSOR)
  .transform((text, context) => {
    const seq = decodeEventCursor(text);
    if (seq === undefined) context.addIssue({ code: 'custom', message: NOT_A_CURSOR });
    return seq ?? 0;
  });
const onlyTenant = apiFields.tenant.optional().describe('Only this tenant.');

export const eventsQuery = z
  .object({
    type: eventTypes.optional().describe(`Event types, comma-separated: ${AUDIT_EVENT_TYPES.join(', ')}.`),
    tenant: onlyTenant,
    actor: z
      .string({ error: 'expected an actor id or email' })
      .min(1)
      .max(320)
      .optional()
      .describe('Actor id, or actor email when it contains @.'),
    start: apiFields.instant.optional().describe('Occurred at or after this moment (ISO 8601, or a day).'),
    end: apiFields.instant.optional().describe('Occurred before this moment (ISO 8601, or a day).'),
    cursor: cursor.optional().describe('The nextCursor of the previous page.'),
    limit: apiFields.limit.describe('Events per page.'),
  })
  .superRefine((range, context) => checkRange(range, context));

export const exportQuery = z
  .object({
    start: apiFields.instant.describe('Occurred at or after this moment (ISO 8601, or a day).'),
    end: apiFields.instant.describe('Occurred before this moment (ISO 8601, or a day).'),
    format: z
      .enum(EXPORT_FORMATS, { error: 'expected csv or jsonl' })
      .default('csv')
      .describe(
        "File format. CSV cells that a spreadsheet would run as a formula are prefixed with '; JSON Lines keeps " +
          'every value exactly, to re-hash.',
      ),
    tenant: onlyTenant,
  })
  .superRefine((range, context) => checkRange(range, context));

/** A moment as the API writes it: a Date's JSON. */
const instant = z.iso.datetime();

export const consoleActionRecorded = z.object({
  id: z.uuid(),
  seq: z.int(),
  hash: z.string(),
  occurredAt: instant,
  duplicate: z.boolean(),
});

export const auditEvent = z.object({
  seq: z.int(),
  id: z.uuid(),
  occurredAt: instant,
  type: z.enum(AUDIT_EVENT_TYPES),
  severity: z.enum(SEVERITIES),
  actor: z.object({
    kind: z.enum(['staff', 'system', 'api-client']),
    id: z.string(),
    email: z.string().nullable().optional(),
  }),
  tenant: z.string().nullable(),
  grantId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string().describe('sha256(prevHash ‖ canonical JSON of the row)'),
});

export const auditEventPage = z.object({
  events: z.array(auditEvent),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null when none follows.'),
});
