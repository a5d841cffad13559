/**
 * Control-plane actions the support console reports (tenant lifecycle, plan and billing changes, feature-flag
 * overrides), recorded as CONSOLE_ACTION in the same chain as grants.
 */
import { type AuditEventDraft, auditEvent } from './audit-event.ts';
import { ErrorCode, GrantdeskError } from './errors.ts';
import { checkJsonBounds } from './json-bounds.ts';

/** The kinds DESIGN.md §1 names. Others are accepted when dotted like them (see CONSOLE_ACTION_PATTERN). */
export const KNOWN_CONSOLE_ACTIONS = [
  'tenant.create',
  'tenant.suspend',
  'tenant.resume',
  'tenant.deprovision',
  'plan.change',
  'billing.change',
  'feature_flag.override',
] as const;

/**
 * `area.verb` in lower case. The console gains actions faster than Grantdesk is released, and refusing an unknown
 * one would lose it from the trail, so any name of this shape is accepted; the known ones are documented.
 */
export const CONSOLE_ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
export const CONSOLE_ACTION_MAX_LENGTH = 64;

/** How far ahead of Grantdesk's clock the console's may run before its `occurredAt` is refused as impossible. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** No console action predates 2000: an earlier time is a clock or a unit mistake (seconds read as milliseconds). */
export const EARLIEST_OCCURRED_AT = new Date('2000-01-01T00:00:00Z');

export interface ConsoleActionInput {
  /** The console's own event id, when it sends one: a retried report with the same id is recorded once. */
  id: string | null;
  /** The member of staff (or the console's own automation) who acted. */
  actor: { kind: 'staff' | 'system'; id: string; email: string | null };
  action: string;
  tenant: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ipAddress: string | null;
  userAgent: string | null;
  /** When the action happened by the console's clock; null: when Grantdesk received it. */
  occurredAt: Date | null;
  details: Record<string, unknown>;
  /** The API token that reported it. */
  reportedBy: { tokenId: string; tokenName: string };
}

/** The CONSOLE_ACTION event, or a refusal naming the field that is wrong. */
export function consoleActionEvent(input: ConsoleActionInput, receivedAt: Date): AuditEventDraft {
  if (input.action.length > CONSOLE_ACTION_MAX_LENGTH || !CONSOLE_ACTION_PATTERN.test(input.action)) {
    throw new GrantdeskError(
      ErrorCode.InvalidInput,
      `action: expected a dotted lower-case name like ${KNOWN_CONSOLE_ACTIONS.slice(0, 3).join(', ')}`,
      { field: 'action' },
    );
  }
  const occurredAt = input.occurredAt ?? receivedAt;
  if (occurredAt.getTime() > receivedAt.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new GrantdeskError(ErrorCode.InvalidTime, 'occurredAt: is in the future; send the time the action happened', {
      field: 'occurredAt',
    });
  }
  if (occurredAt.getTime() < EARLIEST_OCCURRED_AT.getTime()) {
    throw new GrantdeskError(
      ErrorCode.InvalidTime,
      'occurredAt: is before 2000; send the time the action happened, in ISO 8601 with a time zone',
      { field: 'occurredAt' },
    );
  }
  checkJsonBounds('before', input.before);
  checkJsonBounds('after', input.after);
  checkJsonBounds('details', input.details);
  return {
    ...auditEvent({
      type: 'CONSOLE_ACTION',
      actor: input.actor,
      occurredAt,
      tenant: input.tenant,
      before: input.before,
      after: input.after,
      ipAddress: input.ipAddress,
      userAgent: input.userAgent,
      // Grantdesk's own time beside the console's, so a console with a wrong clock is visible in the trail.
      details: { ...input.details, action: input.action, receivedAt, reportedBy: input.reportedBy },
    }),
    id: input.id ?? '',
  };
}
