/**
 * Uses and actions reported by the support console. Only a live session (ACTIVE and before expiresAt) may be used;
 * anything else is refused and the refusal is itself audited at HIGH severity.
 */
import { auditEvent } from './audit-event.ts';
import { ErrorCode, GrantdeskError } from './errors.ts';
import { type Actor, type Grant, isLive } from './grant.ts';
import { ACTION_MAX_LENGTH } from './grant-policy.ts';
import { applied, refused, type Transition } from './transition.ts';
import { accessRefused } from './transition-checks.ts';

export interface UseInput {
  actor: Actor;
  at: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

function notLive(grant: Grant, at: Date): GrantdeskError {
  const why =
    grant.status === 'ACTIVE' ? `expired at ${grant.expiresAt?.toISOString()}` : `is ${grant.status.toLowerCase()}`;
  return new GrantdeskError(ErrorCode.GrantNotActive, `Session ${grant.shortCode} ${why}: it cannot be used.`, {
    status: grant.status,
    at: at.toISOString(),
  });
}

/** Records a use; the first use of a session fixes the admin's IP address and user agent on it. */
export function recordUse(grant: Grant, { actor, at, ipAddress, userAgent }: UseInput): Transition {
  if (!isLive(grant, at)) {
    const error = notLive(grant, at);
    const event = accessRefused(grant, actor, at, 'use', error);
    return refused(error, { ...event, ipAddress, userAgent });
  }
  const firstUse = grant.ipAddress === null && grant.userAgent === null;
  const used = firstUse ? { ...grant, ipAddress, userAgent } : grant;
  return applied(
    used,
    auditEvent({
      type: 'GRANT_USED',
      actor,
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      ipAddress,
      userAgent,
      details: { firstUse },
    }),
  );
}

export function recordAction(
  grant: Grant,
  { actor, at, action }: { actor: Actor; at: Date; action: string },
): Transition {
  const text = action.trim();
  if (!text || text.length > ACTION_MAX_LENGTH) {
    return refused(
      new GrantdeskError(
        ErrorCode.ActionTooLong,
        `action must be 1–${ACTION_MAX_LENGTH} characters (it is ${text.length}): summarise what was done.`,
        { field: 'action' },
      ),
    );
  }
  if (!isLive(grant, at)) {
    const error = notLive(grant, at);
    return refused(error, accessRefused(grant, actor, at, 'action', error));
  }
  return applied(
    grant,
    auditEvent({
      type: 'IMPERSONATION_ACTION',
      actor,
      occurredAt: at,
      tenant: grant.tenant,
      grantId: grant.id,
      ipAddress: grant.ipAddress,
      userAgent: grant.userAgent,
      details: { action: text },
    }),
  );
}
