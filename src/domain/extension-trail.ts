/**
 * Extensions as the audit trail tells them. The grant keeps only the extension still pending, so a card updated after
 * the decision (or after a late, repeated delivery) is rendered from the trail, which never forgets. The trail's
 * details are JSON: each is read here once, checked for its type.
 */
import type { AuditEvent } from './audit-event.ts';
import type { ExtensionRequest, Grant } from './grant.ts';

/** How an extension request was settled; absent while it waits. */
export type ExtensionDecision =
  | { outcome: 'approved'; at: Date }
  | { outcome: 'denied'; by: string; reason: string; at: Date }
  /** The grant ended (or was revoked) before anyone decided. */
  | { outcome: 'void'; at: Date };

/** How approvers settled an extension, as its deciding event records it (the requester's DM says so). */
export type ExtensionOutcome =
  | { outcome: 'approved'; addedMs: number; approvers: readonly string[] }
  | { outcome: 'denied'; by: string; reason: string };

export interface ExtensionRecord {
  extension: ExtensionRequest;
  /** Absent while it waits for approvers. */
  decision?: ExtensionDecision;
}

const text = (value: unknown) => String(value ?? '');

/** The extension an event is about (its request, an approval, its decision); undefined for any other event. */
export function extensionIdOf(event: AuditEvent | undefined): string | undefined {
  const extensionId = event?.details.extensionId;
  return typeof extensionId === 'string' ? extensionId : undefined;
}

/** The outcome a GRANT_EXTENDED or GRANT_EXTENSION_DENIED event records; undefined for any other event. */
export function extensionOutcomeOf(event: AuditEvent): ExtensionOutcome | undefined {
  if (event.type === 'GRANT_EXTENDED') {
    const approvers = event.details.approvers;
    return {
      outcome: 'approved',
      addedMs: Number(event.details.durationMs),
      approvers: Array.isArray(approvers) ? approvers.map(String) : [event.actor.id],
    };
  }
  if (event.type === 'GRANT_EXTENSION_DENIED') {
    return { outcome: 'denied', by: event.actor.id, reason: text(event.details.reason) };
  }
  return undefined;
}

/** The last extension requested that no event decided: the one a grant ending now leaves open. */
export function openExtensionId(trail: readonly AuditEvent[]): string | undefined {
  const last = extensionIdOf(trail.filter((event) => event.type === 'GRANT_EXTENSION_REQUESTED').at(-1));
  if (!last) return undefined;
  const decided = trail.some((event) => extensionOutcomeOf(event) && extensionIdOf(event) === last);
  return decided ? undefined : last;
}

/** An extension as the trail tells it: what was asked, who approved, how it was settled. */
export function extensionFromTrail(
  grant: Grant,
  events: readonly AuditEvent[],
  extensionId: string,
): ExtensionRecord | undefined {
  const ofIt = events.filter((event) => extensionIdOf(event) === extensionId);
  const requested = ofIt.find((event) => event.type === 'GRANT_EXTENSION_REQUESTED');
  if (!requested) return undefined;
  const extended = ofIt.find((event) => event.type === 'GRANT_EXTENDED');
  const denied = ofIt.find((event) => event.type === 'GRANT_EXTENSION_DENIED');
  const approvals = ofIt
    .filter((event) => event.type === 'GRANT_APPROVAL_ADDED' || event.type === 'GRANT_EXTENDED')
    .map((event) => ({
      approverId: event.actor.id,
      approverEmail: event.actor.email ?? null,
      approvedAt: event.occurredAt,
    }));
  const extension: ExtensionRequest = {
    id: extensionId,
    durationMs: Number(requested.details.durationMs),
    reason: text(requested.details.reason),
    requestedBy: requested.actor.id,
    requestedAt: requested.occurredAt,
    approvals,
  };
  const record: ExtensionRecord = { extension };
  if (extended) record.decision = { outcome: 'approved', at: extended.occurredAt };
  else if (denied) {
    record.decision = {
      outcome: 'denied',
      by: denied.actor.id,
      reason: text(denied.details.reason),
      at: denied.occurredAt,
    };
  } else if (grant.pendingExtension?.id !== extensionId) {
    // Neither approved nor denied, and no longer pending: the grant ended first.
    record.decision = { outcome: 'void', at: grant.endTime ?? requested.occurredAt };
  }
  return record;
}
