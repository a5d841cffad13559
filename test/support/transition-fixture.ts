/** Grants taken to each ended state, and the refusal event a person's refused attempt carries, shared by the transition tests. */
import type { Actor, Grant } from '../../src/domain/grant.ts';
import { cancel, deny, end, lapse } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  approverA,
  GRANT_ID,
  HOUR,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  REQUESTED_AT,
  requester,
} from './domain-fixture.ts';

export const EXPIRES_AT = plus(APPROVED_AT, 30 * MINUTE);
export const LAPSES_AT = plus(REQUESTED_AT, 4 * HOUR);

/** The ACCESS_REFUSED draft every refused attempt by a person is expected to carry. */
export function accessRefusedEvent(
  actor: Actor,
  at: Date,
  attempted: string,
  code: string,
  reason: string,
  status: string,
) {
  return {
    id: '',
    type: 'ACCESS_REFUSED',
    severity: 'HIGH',
    actor,
    occurredAt: at,
    tenant: 'acme',
    grantId: GRANT_ID,
    before: null,
    after: null,
    ipAddress: null,
    userAgent: null,
    details: { attempted, code, reason, status },
  };
}

export const deniedGrant = (): Grant =>
  appliedOf(
    deny(pendingGrant(), { approver: approverA, isApprover: true, at: APPROVED_AT, policy, reason: 'No ticket link' }),
  ).grant;

export const endedGrant = (): Grant =>
  appliedOf(end(activeGrant(), { actor: requester, at: plus(APPROVED_AT, MINUTE) })).grant;

export const cancelledGrant = (): Grant =>
  appliedOf(cancel(pendingGrant(), { actor: requester, at: APPROVED_AT, policy })).grant;

export const lapsedGrant = (): Grant => appliedOf(lapse(pendingGrant(), { at: LAPSES_AT, policy })).grant;
