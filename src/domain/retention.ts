import { ErrorCode, GrantdeskError } from './errors.ts';
import { IDENTIFIER_PATTERN } from './grant-policy.ts';

/** The trail is kept at least a year (DESIGN.md §1); AUDIT_RETENTION_DAYS and every tenant policy honour it. */
export const MIN_RETENTION_DAYS = 365;
/** A century: beyond it a number of days is a typo, not a policy. */
export const MAX_RETENTION_DAYS = 36_500;

export interface RetentionPolicy {
  tenant: string;
  days: number;
  updatedAt: Date;
}

/** Checks a tenant's policy as an operator typed it; shorter than the minimum is refused, never clamped. */
export function checkRetentionPolicy(tenant: string, days: number): { tenant: string; days: number } {
  if (!IDENTIFIER_PATTERN.test(tenant)) {
    throw new GrantdeskError(ErrorCode.InvalidTenant, `"${tenant}" is not a tenant id: letters, digits and ._@+-`, {
      field: 'tenant',
    });
  }
  if (!Number.isInteger(days) || days > MAX_RETENTION_DAYS) {
    throw new GrantdeskError(
      ErrorCode.InvalidInput,
      `days: expected a whole number of days up to ${MAX_RETENTION_DAYS}`,
      {
        field: 'days',
      },
    );
  }
  if (days < MIN_RETENTION_DAYS) {
    throw new GrantdeskError(
      ErrorCode.RetentionTooShort,
      `days: ${days} is below the minimum retention of ${MIN_RETENTION_DAYS} days; the trail is kept at least a year`,
      { field: 'days' },
    );
  }
  return { tenant, days };
}
