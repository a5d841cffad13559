import type { AuditEvent } from '../domain/audit-event.ts';
import type { ExtensionRequest, Grant } from '../domain/grant.ts';
import type { ExtensionDecision } from './blocks/extension-card.ts';

export interface ExtensionRecord {
  extension: ExtensionRequest;
  /** Absent while it waits for approvers. */
  decision?: ExtensionDecision;
}

const about = (extensionId: string) => (event: AuditEvent) => event.details.extensionId === extensionId;

/**
 * An extension as the audit trail tells it: what was asked, who approved, how it was settled. The grant keeps only
 * the extension still pending, so a card updated after the decision (or after a late, repeated delivery) is rendered
 * from the trail, which never forgets.
 */
export function extensionFromTrail(grant: Grant, events: readonly AuditEvent[], extensionId: string) {
  const ofIt = events.filter(about(extensionId));
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
    reason: String(requested.details.reason ?? ''),
    requestedBy: requested.actor.id,
    requestedAt: requested.occurredAt,
    approvals,
  };
  const record: ExtensionRecord = { extension };
  if (extended) record.decision = { outcome: 'approved', at: extended.occurredAt };
  else if (denied) {
    const reason = String(denied.details.reason ?? '');
    record.decision = { outcome: 'denied', by: denied.actor.id, reason, at: denied.occurredAt };
  } else if (grant.pendingExtension?.id !== extensionId) {
    // Neither approved nor denied, and no longer pending: the grant ended first.
    record.decision = { outcome: 'void', at: grant.endTime ?? requested.occurredAt };
  }
  return record;
}
