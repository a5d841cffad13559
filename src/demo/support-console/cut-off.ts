/**
 * Why the support console can no longer act under a grant, in words for the person watching. Which of the three
 * ways the demo shows it was: an approver's revoke and a closed ticket both end a session FORCED, so the ending's
 * audit event tells them apart by who ended it (the Jira re-check and webhook end it as the system actor `jira`).
 */
import type { AuditEvent, EndReason, SessionInfo } from '../../../clients/console/src/api-types.ts';

export type CutOffReason = 'revoked' | 'expired' | 'ticket-closed' | 'ended' | 'unreachable';

export interface CutOff {
  reason: CutOffReason;
  /** "revoked by avery.okafor@…: customer asked us to stop" */
  label: string;
}

/** An ended session, from its end reason and, when FORCED, the IMPERSONATION_END event that recorded it. */
export function cutOffOf(session: Pick<SessionInfo, 'endReason' | 'ticketReference'>, ending?: AuditEvent): CutOff {
  const details = (ending?.details ?? {}) as { note?: unknown; idle?: unknown };
  const note = typeof details.note === 'string' ? details.note : '';
  const endReason: EndReason | null = session.endReason;
  if (endReason === 'EXPIRED') {
    return { reason: 'expired', label: details.idle === true ? 'expired after going unused' : 'the grant expired' };
  }
  if (endReason === 'NORMAL') return { reason: 'ended', label: 'ended by the requester' };
  const actor = (ending?.actor ?? {}) as { kind?: unknown; id?: unknown; email?: unknown };
  if (actor.kind === 'system' && actor.id === 'jira') {
    return { reason: 'ticket-closed', label: `ticket ${session.ticketReference} was closed` };
  }
  const by = typeof actor.email === 'string' && actor.email ? ` by ${actor.email}` : ' by an approver';
  return { reason: 'revoked', label: `revoked${by}${note ? `: ${note}` : ''}` };
}

/** A session still ACTIVE in Grantdesk that the middleware refuses anyway: past its expiry, or unconfirmable. */
export function cutOffBeforeEnd(status: number, expiresAt: string | null, now: number): CutOff {
  if (status === 503) {
    return { reason: 'unreachable', label: 'Grantdesk cannot be reached, so the middleware refuses (fail-closed)' };
  }
  if (expiresAt && now >= Date.parse(expiresAt)) return { reason: 'expired', label: 'the grant expired' };
  return { reason: 'ended', label: 'Grantdesk no longer confirms this grant' };
}
