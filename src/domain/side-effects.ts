/**
 * What must happen outside the database after a transition commits. Use cases write these into the outbox in the
 * same transaction as the change; the relay (jobs/) hands them to BullMQ under their key as jobId, so a message is
 * acted on once however often the relay retries.
 */
import type { AuditEventDraft, AuditEventType } from './audit-event.ts';
import { reviewDueAt, reviewReminderKey } from './break-glass.ts';
import type { Grant } from './grant.ts';
import { breakGlassReviewWithinOf, type GrantPolicy, lapsesAtMs, nudgeAtMs } from './grant-policy.ts';

export type OutboxMessage =
  /** Tell people in Slack: update the card, DM the requester, reply in the thread. */
  | { topic: 'notify'; key: string; payload: { grantId: string; eventId: string; type: AuditEventType } }
  /** Comment on the grant's Jira ticket. */
  | { topic: 'jira-comment'; key: string; payload: { grantId: string; eventId: string; type: AuditEventType } }
  /** A timed transition or reminder, due at runAt. */
  | { topic: 'schedule'; key: string; payload: ScheduledJob };

export type ScheduledJob =
  | { job: 'expire'; grantId: string; version: number; runAt: string }
  | { job: 'warn'; grantId: string; version: number; runAt: string }
  | { job: 'lapse'; grantId: string; runAt: string }
  /** APPROVAL_REMINDER and APPROVAL_ESCALATION: nudge the approvers of a request still PENDING. */
  | { job: 'remind' | 'escalate'; grantId: string; runAt: string }
  /** SESSION_IDLE_TIMEOUT: look at the session when it would fall idle; the job moves itself on while it is used. */
  | { job: 'idle'; grantId: string; runAt: string }
  /** BREAK_GLASS_REVIEW_WITHIN after a break-glass started: remind the approvers unless it has been reviewed. */
  | { job: 'review-due'; grantId: string; runAt: string };

/** Events people are told about in Slack. GRANT_USED is left out: the console reports uses often. */
const NOTIFIED: ReadonlySet<AuditEventType> = new Set([
  'GRANT_REQUESTED',
  'GRANT_APPROVAL_ADDED',
  'IMPERSONATION_START',
  'GRANT_DENIED',
  'GRANT_CANCELLED',
  'GRANT_LAPSED',
  'GRANT_BREAK_GLASS',
  'GRANT_REVIEWED',
  'GRANT_APPROVAL_REMINDED',
  'GRANT_ESCALATED',
  'GRANT_EXTENSION_REQUESTED',
  'GRANT_EXTENSION_DENIED',
  'GRANT_EXTENDED',
  'IMPERSONATION_ACTION',
  'IMPERSONATION_END',
  'ACCESS_REFUSED',
]);

/** Events that leave a comment on the ticket (issue: active, extended, ended). */
const COMMENTED: ReadonlySet<AuditEventType> = new Set(['IMPERSONATION_START', 'GRANT_EXTENDED', 'IMPERSONATION_END']);

/** The outbox messages implied by one committed transition, each under a key unique to what it does. */
export function sideEffectsOf(
  before: Grant | undefined,
  after: Grant,
  events: Pick<AuditEventDraft, 'id' | 'type'>[],
  policy: GrantPolicy,
): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  for (const event of events) {
    const payload = { grantId: after.id, eventId: event.id, type: event.type };
    if (NOTIFIED.has(event.type)) messages.push({ topic: 'notify', key: `notify:${event.id}`, payload });
    if (COMMENTED.has(event.type)) messages.push({ topic: 'jira-comment', key: `jira:${event.id}`, payload });
  }
  if (!before && after.status === 'PENDING') {
    const runAt = new Date(lapsesAtMs(after, policy)).toISOString();
    messages.push({ topic: 'schedule', key: `lapse:${after.id}`, payload: { job: 'lapse', grantId: after.id, runAt } });
    // Keyed by the grant: however often the relay retries, each is one job (and the job itself runs once, see
    // nudge-pending.ts); the relay removes them once the request is decided (jobs/remove-moot-timers.ts).
    for (const job of ['remind', 'escalate'] as const) {
      const at = nudgeAtMs(after, job, policy);
      if (at === null) continue;
      const payload = { job, grantId: after.id, runAt: new Date(at).toISOString() };
      messages.push({ topic: 'schedule', key: `${job}:${after.id}`, payload });
    }
  }
  const newExpiry = after.status === 'ACTIVE' && after.expiresAt && before?.expiryVersion !== after.expiryVersion;
  if (newExpiry && after.expiresAt) {
    const version = after.expiryVersion;
    const expiresAt = after.expiresAt.getTime();
    messages.push({
      topic: 'schedule',
      key: `expire:${after.id}:${version}`,
      payload: { job: 'expire', grantId: after.id, version, runAt: after.expiresAt.toISOString() },
    });
    const warnAt = expiresAt - policy.expiryWarningMs;
    if (after.startTime && warnAt > after.startTime.getTime()) {
      messages.push({
        topic: 'schedule',
        key: `warn:${after.id}:${version}`,
        payload: { job: 'warn', grantId: after.id, version, runAt: new Date(warnAt).toISOString() },
      });
    }
  }
  if (!before && after.breakGlass) {
    const runAt = reviewDueAt(after, breakGlassReviewWithinOf(policy)).toISOString();
    const key = reviewReminderKey(after.id);
    messages.push({ topic: 'schedule', key, payload: { job: 'review-due', grantId: after.id, runAt } });
  }
  const started = after.status === 'ACTIVE' && before?.status !== 'ACTIVE' && after.startTime;
  if (started && after.startTime && policy.idleTimeoutMs) {
    const runAt = new Date(after.startTime.getTime() + policy.idleTimeoutMs).toISOString();
    messages.push({ topic: 'schedule', key: `idle:${after.id}`, payload: { job: 'idle', grantId: after.id, runAt } });
  }
  return messages;
}
