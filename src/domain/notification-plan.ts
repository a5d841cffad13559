/**
 * Who is told what about a grant, and where: the notification policy, as a pure function of the notification, the
 * grant as it is now, and (for the few types that need them) the event and the grant's trail. The Slack notifier
 * renders and posts each step; the plan is the same whatever the chat.
 */
import { type ApproverMentions, mentionsOf } from './approver-mentions.ts';
import type { AuditEvent } from './audit-event.ts';
import { type ExtensionOutcome, extensionIdOf, extensionOutcomeOf, openExtensionId } from './extension-trail.ts';
import type { Grant } from './grant.ts';
import type { Nudge } from './grant-policy.ts';
import { BREAK_GLASS_REVIEW_DUE, EXPIRY_WARNING, type NotificationType } from './notification.ts';

/** Something that happened to a grant after its card was decided, told in the card's thread. */
export type LifecycleEvent =
  | { kind: 'active' }
  /** `addedMs`: how much the extension added, when known. */
  | { kind: 'extended'; addedMs?: number }
  | { kind: 'ended' }
  /** A significant action the support console recorded during the session. */
  | { kind: 'action'; action: string }
  /**
   * An attempt Grantdesk refused and audited (ACCESS_REFUSED): `who` is a Slack user id, or null for the support
   * console; `attempted` names what was tried (`approve`, `use`, …); `why` is the refusal as the trail has it.
   */
  | { kind: 'refused'; who: string | null; attempted: string; why: string }
  /** A break-glass still unreviewed BREAK_GLASS_REVIEW_WITHIN after it started. */
  | { kind: 'review-due' };

/** One thing to tell. Each is carried out even when another failed for good, so one bad card does not cost a DM. */
export type NotificationStep =
  /** The approver card: posted in the approvers' channel the first time, updated in place after. */
  | { tell: 'approver-card' }
  /** A DM to the requester, made once per event. */
  | { tell: 'requester'; message: 'decision' | 'ended' | 'expiry-warning' }
  | { tell: 'requester'; message: 'extension-decision'; outcome: ExtensionOutcome }
  /** The requester's earlier DMs rewritten as ended: their Extend and End now buttons give way to what happened. */
  | { tell: 'earlier-dms-ended' }
  /** A reply in the approver card's thread, made once per event. */
  | { tell: 'thread'; reply: LifecycleEvent }
  /** The break-glass notice in the compliance channel: posted once, updated after. */
  | { tell: 'break-glass-notice' }
  /** An extension's card: updated; posted only for its request (`requestedEventId`) while it still waits. */
  | { tell: 'extension-card'; extensionId: string; requestedEventId?: string }
  /**
   * A reply in the card's thread mentioning the approvers (APPROVAL_REMINDER), or saying where it was escalated.
   * `mentioned`: whom the event recorded (the approvers policy lets approve); unset for an event without them.
   */
  | { tell: 'nudge-reply'; nudge: Nudge; mentioned?: ApproverMentions }
  /** A copy of the approver card, with its buttons, in ESCALATION_CHANNEL_ID; posted once, then kept in step. */
  | { tell: 'escalated-card'; mentioned?: ApproverMentions };

/** What `planNotification` reads beyond the grant: the event itself, the grant's whole trail. */
export function notificationNeeds(type: NotificationType): { event: boolean; trail: boolean } {
  const event = EVENT_READ.has(type);
  return { event, trail: type === 'IMPERSONATION_END' };
}

const EVENT_READ: ReadonlySet<NotificationType> = new Set([
  'GRANT_APPROVAL_ADDED',
  'GRANT_APPROVAL_REMINDED',
  'GRANT_ESCALATED',
  'GRANT_EXTENSION_REQUESTED',
  'GRANT_EXTENDED',
  'GRANT_EXTENSION_DENIED',
  'IMPERSONATION_ACTION',
  'ACCESS_REFUSED',
]);

export interface NotificationFacts {
  type: NotificationType;
  eventId: string;
  /** The grant as it is now: a late or repeated delivery shows the current state. */
  grant: Grant;
  /** The event, when notificationNeeds says so and it exists. */
  event?: AuditEvent | undefined;
  /** The grant's trail, when notificationNeeds says so. */
  trail?: readonly AuditEvent[];
}

export function planNotification(facts: NotificationFacts): NotificationStep[] {
  const { type, grant, event } = facts;
  const card = { tell: 'approver-card' } as const;
  const decisionDm = { tell: 'requester', message: 'decision' } as const;
  switch (type) {
    case 'GRANT_REQUESTED':
      return [card];
    // A break-glass is loud: its card in the approvers' channel and a notice in the compliance channel, both with
    // Review until an approver reviews it, then both showing the review.
    case 'GRANT_BREAK_GLASS':
    case 'GRANT_REVIEWED':
      return [card, { tell: 'break-glass-notice' }];
    case BREAK_GLASS_REVIEW_DUE:
      return grant.breakGlass && !grant.review ? [{ tell: 'thread', reply: { kind: 'review-due' } }] : [];
    case 'IMPERSONATION_START':
      return [card, decisionDm, { tell: 'thread', reply: { kind: 'active' } }];
    case 'GRANT_DENIED':
    case 'GRANT_CANCELLED':
    case 'GRANT_LAPSED':
      return [card, decisionDm];
    // A request decided between the nudge and its delivery needs no reminder: its card already shows the decision.
    case 'GRANT_APPROVAL_REMINDED': {
      const mentioned = mentionsOf(event);
      return grant.status === 'PENDING'
        ? [{ tell: 'nudge-reply', nudge: 'remind', ...(mentioned && { mentioned }) }]
        : [];
    }
    case 'GRANT_ESCALATED': {
      if (grant.status !== 'PENDING') return [];
      const mentioned = mentionsOf(event);
      return [
        { tell: 'escalated-card', ...(mentioned && { mentioned }) },
        { tell: 'nudge-reply', nudge: 'escalate', ...(mentioned && { mentioned }) },
      ];
    }
    case 'GRANT_APPROVAL_ADDED': {
      const extensionId = extensionIdOf(event);
      if (extensionId) return [{ tell: 'extension-card', extensionId }];
      // Once decided, the deciding event's own job renders the card: one update is enough.
      return grant.status === 'PENDING' ? [card] : [];
    }
    case 'GRANT_EXTENSION_REQUESTED': {
      const extensionId = extensionIdOf(event);
      return extensionId ? [{ tell: 'extension-card', extensionId, requestedEventId: facts.eventId }] : [];
    }
    case 'GRANT_EXTENDED':
    case 'GRANT_EXTENSION_DENIED':
      return event ? extensionDecided(event) : [];
    case 'IMPERSONATION_ACTION':
      return [{ tell: 'thread', reply: { kind: 'action', action: String(event?.details.action ?? '') } }];
    case 'IMPERSONATION_END': {
      // A grant that ends while an extension waits leaves that extension's card closed, without buttons.
      const open = openExtensionId(facts.trail ?? []);
      return [
        { tell: 'requester', message: 'ended' },
        { tell: 'earlier-dms-ended' },
        { tell: 'thread', reply: { kind: 'ended' } },
        ...(open ? [{ tell: 'extension-card', extensionId: open } as const] : []),
      ];
    }
    case 'ACCESS_REFUSED': {
      if (!event) return [];
      const who = event.actor.kind === 'staff' ? event.actor.id : null;
      const attempted = String(event.details.attempted ?? 'access');
      return [{ tell: 'thread', reply: { kind: 'refused', who, attempted, why: String(event.details.reason ?? '') } }];
    }
    case EXPIRY_WARNING:
      return [{ tell: 'requester', message: 'expiry-warning' }];
    default:
      return [];
  }
}

function extensionDecided(event: AuditEvent): NotificationStep[] {
  const extensionId = extensionIdOf(event);
  const outcome = extensionOutcomeOf(event);
  if (!extensionId || !outcome) return [];
  const steps: NotificationStep[] = [
    { tell: 'extension-card', extensionId },
    { tell: 'requester', message: 'extension-decision', outcome },
  ];
  if (outcome.outcome === 'approved')
    steps.push({ tell: 'thread', reply: { kind: 'extended', addedMs: outcome.addedMs } });
  return steps;
}
