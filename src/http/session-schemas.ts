/**
 * The shapes of /api/v1/impersonation/…: the zod schemas that validate its requests, and those of its answers. The
 * OpenAPI document (openapi.ts) is generated from these, so what it states is what the routes enforce.
 */
import { z } from 'zod';
import { END_REASONS, GRANT_STATUSES } from '../domain/grant.ts';
import { ACTION_MAX_LENGTH } from '../domain/grant-policy.ts';
import { ACCESS_LEVELS } from '../domain/policy/access-policy.ts';
import { apiFields, checkRange, JSON_BODY } from './api-fields.ts';

/** What parseGrantReference accepts: a UUID, or a short code (case, a missing `G-`, and I/L/O for 1/0 forgiven). */
export const SESSION_ID_PATTERN =
  '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|([Gg]-)?[0-9A-TV-Za-tv-z]{6})$';

/** The path of one session. The domain's parseGrantReference reads it; the pattern is tested to agree with it. */
export const sessionPath = z.object({
  sessionId: z
    .string()
    .regex(new RegExp(SESSION_ID_PATTERN))
    .describe('The session (grant) id, or its short code like G-7K3M9Q.'),
});

export const useBody = z.strictObject(
  { ipAddress: apiFields.ipAddress.optional(), userAgent: apiFields.userAgent.optional() },
  JSON_BODY,
);
// The 1–200 characters are the domain's rule (422, action_too_long); here only the type is checked.
export const actionBody = z.strictObject(
  {
    action: z
      .string({ error: 'expected the action as text' })
      .meta({ minLength: 1, maxLength: ACTION_MAX_LENGTH, description: 'Trimmed; 422 when empty or longer.' }),
  },
  JSON_BODY,
);

const onlyTenant = apiFields.tenant.optional().describe('Only this tenant.');
export const activeQuery = z.object({
  adminUser: z
    .string({ error: 'expected the admin user: an email or a Slack user id' })
    .min(1)
    .describe('The admin: email or Slack user id.'),
  tenant: apiFields.tenant.describe('The tenant.'),
});
export const pageQuery = z.object({
  page: apiFields.page.describe('0-based page number.'),
  size: apiFields.size.describe('Sessions per page.'),
  tenant: apiFields.tenant.optional().describe('Only this tenant (a tenant-bound token always sees only its own).'),
});
export const rangeQuery = pageQuery
  .extend({
    start: apiFields.instant.describe('Started at or after this moment (ISO 8601, or a day).'),
    end: apiFields.instant.describe('Started before this moment (ISO 8601, or a day).'),
  })
  .superRefine((range, context) => checkRange(range, context));
export const statsQuery = z.object({ tenant: onlyTenant });

/** Last-Event-ID (or ?lastEventId=): an audit seq; anything else is ignored and the stream starts from now. */
export const lastEventId = z
  .string()
  .refine((text) => text.trim() !== '')
  .transform(Number)
  .pipe(z.int().min(0));
export const streamQuery = z.object({ lastEventId: lastEventId.optional().describe('Resume after this audit seq.') });

/** A moment as the API writes it: a Date's JSON. */
const instant = z.iso.datetime();
const grantStatus = z.enum(GRANT_STATUSES);
const endReason = z.enum(END_REASONS);
const accessLevel = z.enum(ACCESS_LEVELS);

export const useResult = z.object({ sessionId: z.uuid(), status: grantStatus, expiresAt: instant });
export const actionResult = z.object({ sessionId: z.uuid(), action: z.string(), recordedAt: instant });
export const endResult = z.object({
  sessionId: z.uuid(),
  status: grantStatus,
  endTime: instant.nullable(),
  endReason: endReason.nullable(),
  changed: z.boolean().describe('False when the session had already ended.'),
});

export const sessionInfo = z.object({
  id: z.uuid(),
  adminUser: z.string().describe('The requester’s email, else their Slack id.'),
  adminSlackId: z.string(),
  targetUser: z.string().nullable(),
  tenant: z.string(),
  reason: z.string(),
  ticketReference: z.string(),
  ticketUrl: z.string(),
  status: grantStatus,
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  startTime: instant.nullable(),
  endTime: instant.nullable(),
  endReason: endReason.nullable(),
  expiresAt: instant.nullable(),
  approvers: z.array(z.string()).describe('Each approver’s email, else their Slack id, in the order they approved.'),
  actions: z.array(z.object({ action: z.string(), recordedAt: instant })),
  accessLevel: accessLevel.describe('Read (the default) or write access.'),
});

export const sessionCheck = z.discriminatedUnion('active', [
  z.object({
    sessionId: z.uuid(),
    active: z.literal(true),
    tenant: z.string(),
    targetUser: z.string().nullable(),
    accessLevel,
    expiresAt: instant,
    checkedAt: instant,
  }),
  z.object({
    sessionId: z.uuid(),
    active: z.literal(false),
    status: grantStatus.exclude(['ACTIVE']).describe('A session past expiresAt reads ENDED (EXPIRED).'),
    endReason: endReason.nullable(),
  }),
]);

export const sessionPage = z.object({
  content: z.array(sessionInfo),
  page: z.int(),
  size: z.int(),
  totalElements: z.int(),
  totalPages: z.int(),
});

const count = z.int().min(0);
export const impersonationStats = z.object({
  totalSessions: count,
  activeSessions: count,
  averageDurationMinutes: z.number().describe('Over sessions that have ended.'),
  sessionsByAdmin: z.record(z.string(), count),
  sessionsByMonth: z.record(z.string(), count).describe('YYYY-MM, UTC.'),
  sessionsByEndReason: z.object({ NORMAL: count, FORCED: count, EXPIRED: count }),
});
