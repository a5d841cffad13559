import { ErrorCode, GrantdeskError } from './errors.ts';
import type { Grant } from './grant.ts';

/** What a request is for: one tenant, and one of its users or none (a need of its own). */
export interface Need {
  requesterId: string;
  tenant: string;
  targetUser: string | null;
}

/**
 * A request refused because the requester already has one for the same need: still PENDING (wait, or cancel it), or
 * ACTIVE (extend it instead). Two grants for one need confuse everyone when one of them ends, so the first is named
 * and the second is never stored. `existing` is that first grant, for adapters to show (Slack offers **Extend
 * instead** on an ACTIVE one).
 */
export class DuplicateRequestError extends GrantdeskError {
  constructor(readonly existing: Grant) {
    const what = existing.targetUser ? `${existing.tenant}:${existing.targetUser}` : existing.tenant;
    const named = `${existing.shortCode} (${existing.ticket.key}, requested ${existing.requestedAt.toISOString()})`;
    super(
      existing.status === 'ACTIVE' ? ErrorCode.AlreadyActive : ErrorCode.RequestPending,
      existing.status === 'ACTIVE'
        ? `You already have active access to ${what}: ${named}, until ${existing.expiresAt?.toISOString()}. ` +
            `Extend it instead: /grant extend ${existing.shortCode} <duration> <reason>.`
        : `You already have a pending request for ${what}: ${named}. ` +
            `Wait for the approvers, or cancel it with /grant cancel ${existing.shortCode} and ask again.`,
      { grantId: existing.id, shortCode: existing.shortCode, status: existing.status },
    );
  }
}

export function isDuplicateRequestError(error: unknown): error is DuplicateRequestError {
  return error instanceof DuplicateRequestError;
}
