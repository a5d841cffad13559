import type { AuditEventDraft } from './audit-event.ts';
import type { GrantdeskError } from './errors.ts';
import type { Grant } from './grant.ts';

/**
 * What a transition decided:
 * - `applied`: the grant changed; save it with these events.
 * - `unchanged`: nothing to do (a repeated click, a retried delivery, a job that fired late); `note` says why.
 * - `refused`: the change is not allowed; `error` says why and what to do; `events` (ACCESS_REFUSED) are still
 *   recorded, because a refused attempt at access is itself part of the trail.
 */
export type Transition =
  | { outcome: 'applied'; grant: Grant; events: AuditEventDraft[] }
  | { outcome: 'unchanged'; grant: Grant; note: string }
  | { outcome: 'refused'; error: GrantdeskError; events: AuditEventDraft[] };

export const applied = (grant: Grant, ...events: AuditEventDraft[]): Transition => ({
  outcome: 'applied',
  grant,
  events,
});
export const unchanged = (grant: Grant, note: string): Transition => ({ outcome: 'unchanged', grant, note });
export const refused = (error: GrantdeskError, ...events: AuditEventDraft[]): Transition => ({
  outcome: 'refused',
  error,
  events,
});
