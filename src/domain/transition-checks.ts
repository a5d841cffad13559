/**
 * What the transitions check before they change a grant, and the refusals they record: shared by the grant's
 * state machine (transitions.ts), extensions and uses.
 */
import { auditEvent } from './audit-event.ts';
import { ErrorCode, GrantdeskError } from './errors.ts';
import type { Actor, Grant } from './grant.ts';
import { type GrantPolicy, lapsesAtMs } from './grant-policy.ts';

export const describeGrant = (grant: Grant) => `${grant.shortCode} (${grant.tenant})`;

/** The ACCESS_REFUSED event for an attempt that policy or state does not allow. */
export function accessRefused(grant: Grant, actor: Actor, at: Date, attempted: string, error: GrantdeskError) {
  return auditEvent({
    type: 'ACCESS_REFUSED',
    actor,
    occurredAt: at,
    tenant: grant.tenant,
    grantId: grant.id,
    details: { attempted, code: error.code, reason: error.message, status: grant.status },
  });
}

export function alreadyDecided(grant: Grant): GrantdeskError {
  const how: Record<Grant['status'], string> = {
    PENDING: 'is still pending',
    ACTIVE: 'was already approved and is active',
    DENIED: `was already denied${grant.decidedBy ? ` by ${grant.decidedBy}` : ''}`,
    CANCELLED: 'was cancelled by the requester',
    LAPSED: 'lapsed before anyone decided',
    ENDED: `has already ended (${grant.endReason ?? 'ENDED'})`,
  };
  return new GrantdeskError(ErrorCode.AlreadyDecided, `${describeGrant(grant)} ${how[grant.status]}.`, {
    status: grant.status,
  });
}

/** A PENDING request past its TTL has lapsed, whether or not the lapse job has run yet. */
export function isPastTtl(grant: Grant, at: Date, policy: GrantPolicy): boolean {
  return grant.status === 'PENDING' && at.getTime() >= lapsesAtMs(grant, policy);
}

export function lapsedError(grant: Grant): GrantdeskError {
  return new GrantdeskError(
    ErrorCode.AlreadyDecided,
    `${describeGrant(grant)} lapsed before anyone decided: ask for it again.`,
    {
      status: 'LAPSED',
    },
  );
}

/** An ACTIVE grant past expiresAt has expired, whether or not the expiry job has run yet. */
export function isPastExpiry(grant: Grant, at: Date): boolean {
  return grant.status === 'ACTIVE' && grant.expiresAt !== null && at.getTime() >= grant.expiresAt.getTime();
}

export interface DecisionInput {
  approver: Actor;
  /** Whether the approver is in the approver list or user group (resolved by the caller). */
  isApprover: boolean;
  at: Date;
  policy: GrantPolicy;
  /** The access policies that let the approver decide, for the audit trail. */
  policyIds?: string[];
}
