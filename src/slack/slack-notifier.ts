import { UnrecoverableError } from 'bullmq';
import type { Notification, Notifier } from '../../jobs/notifier.ts';
import { EXPIRY_WARNING } from '../../jobs/notifier.ts';
import type { AttachCardInput } from '../app/attach-card.ts';
import type { ApproverCardStore } from '../db/approver-card-store.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { CardRef, Grant } from '../domain/grant.ts';
import type { GrantPolicy } from '../domain/grant-policy.ts';
import type { Clock } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { approverCard } from './blocks/approver-card.ts';
import { decisionMessage } from './blocks/decision-message.ts';
import { endedMessage } from './blocks/ended-message.ts';
import { expiryWarningMessage } from './blocks/expiry-warning-message.ts';
import { extensionCard } from './blocks/extension-card.ts';
import { extensionDecisionMessage } from './blocks/extension-decision-message.ts';
import { type LifecycleEvent, lifecycleReply } from './blocks/thread-reply.ts';
import { extensionFromTrail } from './extension-from-trail.ts';
import { isPermanentSlackError } from './slack-api-error.ts';
import type { SlackPoster } from './slack-poster.ts';

export interface SlackNotifierDeps {
  poster: SlackPoster;
  grants: { findById(id: string): Promise<Grant | undefined> };
  audit: { byId(id: string): Promise<AuditEvent | undefined>; byGrant(grantId: string): Promise<AuditEvent[]> };
  deliveries: { extensionCard(grantId: string, extensionId: string): Promise<CardRef | undefined> };
  attachCard(input: AttachCardInput): Promise<{ attached: boolean; card: CardRef }>;
  /** Updates of the approver card, one writer at a time, skipped when it shows the current state already. */
  cards: Pick<ApproverCardStore, 'showOnce'>;
  approverChannelId: string;
  policy: Pick<GrantPolicy, 'requiredApprovals' | 'pendingTtlMs'>;
  clock: Clock;
  logger: Logger;
}

/** One thing to tell in Slack; each runs even when another failed for good, so one bad card does not cost a DM. */
type Step = () => Promise<void>;

/**
 * Tells people in Slack what happened to a grant (jobs/notifier.ts): the approver card posted, then updated in place;
 * DMs to the requester; replies in the card's thread; extension cards. Every message is rendered from the grant as
 * it is now, loaded fresh, so a late or repeated delivery shows the current state; posts (as opposed to updates) are
 * recorded and made once per event.
 *
 * Slack refusing for good (channel_not_found, invalid_blocks…) is logged and ends the job (UnrecoverableError);
 * rate limits and outages are thrown as they are, and the job is retried with backoff.
 */
export class SlackNotifier implements Notifier {
  constructor(private readonly deps: SlackNotifierDeps) {}

  async notify({ grantId, eventId, type }: Notification): Promise<void> {
    const grant = await this.deps.grants.findById(grantId);
    if (!grant) throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no grant ${grantId} to notify about.`);
    const steps = await this.stepsFor(grant, eventId, type);
    const refused: string[] = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        if (!isPermanentSlackError(error)) throw error;
        refused.push(error.data.error);
      }
    }
    if (refused.length > 0) {
      this.deps.logger.error({ grantId, eventId, type, slackErrors: refused }, 'Slack refused a notification');
      throw new UnrecoverableError(`Slack refused ${type} for ${grant.shortCode}: ${refused.join(', ')}`);
    }
  }

  private async stepsFor(grant: Grant, eventId: string, type: Notification['type']): Promise<Step[]> {
    const dm = (render: () => ReturnType<typeof decisionMessage>) => () =>
      this.deps.poster.dmOnce(eventId, grant.id, grant.requesterId, render());
    const reply = (event: LifecycleEvent) => () => this.reply(grant, eventId, event);
    switch (type) {
      case 'GRANT_REQUESTED':
        return [() => this.showCard(grant)];
      case 'IMPERSONATION_START':
        return [() => this.showCard(grant), dm(() => decisionMessage(grant)), reply({ kind: 'active' })];
      case 'GRANT_DENIED':
      case 'GRANT_CANCELLED':
      case 'GRANT_LAPSED':
        return [() => this.showCard(grant), dm(() => decisionMessage(grant))];
      case 'GRANT_APPROVAL_ADDED': {
        const extensionId = await this.extensionIdOf(eventId);
        if (extensionId) return [() => this.showExtensionCard(grant, extensionId)];
        // Once decided, the deciding event's own job renders the card: one update is enough.
        return grant.status === 'PENDING' ? [() => this.showCard(grant)] : [];
      }
      case 'GRANT_EXTENSION_REQUESTED': {
        const extensionId = await this.extensionIdOf(eventId);
        return extensionId ? [() => this.showExtensionCard(grant, extensionId, eventId)] : [];
      }
      case 'GRANT_EXTENDED':
      case 'GRANT_EXTENSION_DENIED':
        return this.extensionDecided(grant, eventId);
      case 'IMPERSONATION_ACTION': {
        const event = await this.deps.audit.byId(eventId);
        return [reply({ kind: 'action', action: String(event?.details.action ?? '') })];
      }
      case 'IMPERSONATION_END':
        return [
          dm(() => endedMessage(grant)),
          // The earlier DMs' Extend and End now buttons give way to what happened.
          () => this.deps.poster.rewriteOtherDms(grant.id, eventId, endedMessage(grant)),
          reply({ kind: 'ended' }),
          () => this.closeOpenExtensionCard(grant),
        ];
      case 'ACCESS_REFUSED': {
        const event = await this.deps.audit.byId(eventId);
        if (!event) return [];
        const who = event.actor.kind === 'staff' ? event.actor.id : null;
        const attempted = String(event.details.attempted ?? 'access');
        return [reply({ kind: 'refused', who, attempted, why: String(event.details.reason ?? '') })];
      }
      case EXPIRY_WARNING:
        return [dm(() => expiryWarningMessage(grant, this.deps.clock.now()))];
      default:
        return [];
    }
  }

  /**
   * Posts the approver card, or updates it when the grant has one. Two deliveries of GRANT_REQUESTED may both post:
   * the first card attached to the grant wins and the other is deleted.
   */
  private async showCard(grant: Grant): Promise<void> {
    const render = (current: Grant) => approverCard(current, { ...this.deps.policy, now: this.deps.clock.now() });
    if (grant.card) {
      await this.deps.cards.showOnce(grant.id, (current) => this.deps.poster.update(current.card, render(current)));
      return;
    }
    const card = render(grant);
    // Access policy may route the request to its own channel (@approver_channel).
    const posted = await this.deps.poster.post(grant.approverChannelId ?? this.deps.approverChannelId, card);
    const { attached } = await this.deps.attachCard({ kind: 'grant', grantId: grant.id, card: posted });
    if (!attached) {
      await this.deps.poster.delete(posted);
      // The grant may have moved on since the winner rendered its card.
      await this.deps.cards.showOnce(grant.id, (current) => this.deps.poster.update(current.card, render(current)));
    }
  }

  /**
   * The extension's card, rendered from the trail: posted for GRANT_EXTENSION_REQUESTED (`requestedEventId`) while the
   * extension still waits, updated otherwise. As with the approver card, a duplicate post is deleted.
   */
  private async showExtensionCard(grant: Grant, extensionId: string, requestedEventId?: string): Promise<void> {
    const record = extensionFromTrail(grant, await this.deps.audit.byGrant(grant.id), extensionId);
    if (!record) return;
    const card = extensionCard(grant, {
      requiredApprovals: this.deps.policy.requiredApprovals,
      now: this.deps.clock.now(),
      ...record,
    });
    const existing = await this.deps.deliveries.extensionCard(grant.id, extensionId);
    if (existing) return this.deps.poster.update(existing, card);
    if (!requestedEventId || record.decision) return;
    const posted = await this.deps.poster.post(grant.approverChannelId ?? this.deps.approverChannelId, card);
    const { attached, card: kept } = await this.deps.attachCard({
      kind: 'extension',
      grantId: grant.id,
      extensionId,
      eventId: requestedEventId,
      card: posted,
    });
    if (!attached) {
      await this.deps.poster.delete(posted);
      await this.deps.poster.update(kept, card);
    }
  }

  private async extensionDecided(grant: Grant, eventId: string): Promise<Step[]> {
    const event = await this.deps.audit.byId(eventId);
    const extensionId = typeof event?.details.extensionId === 'string' ? event.details.extensionId : undefined;
    if (!event || !extensionId) return [];
    const decided =
      event.type === 'GRANT_EXTENDED'
        ? {
            outcome: 'approved' as const,
            addedMs: Number(event.details.durationMs),
            approvers: (event.details.approvers as string[] | undefined) ?? [event.actor.id],
          }
        : { outcome: 'denied' as const, by: event.actor.id, reason: String(event.details.reason ?? '') };
    const steps: Step[] = [
      () => this.showExtensionCard(grant, extensionId),
      () => this.deps.poster.dmOnce(eventId, grant.id, grant.requesterId, extensionDecisionMessage(grant, decided)),
    ];
    if (decided.outcome === 'approved') {
      steps.push(() => this.reply(grant, eventId, { kind: 'extended', addedMs: decided.addedMs }));
    }
    return steps;
  }

  /** A grant that ends while an extension waits leaves that extension's card closed, without buttons. */
  private async closeOpenExtensionCard(grant: Grant): Promise<void> {
    const events = await this.deps.audit.byGrant(grant.id);
    const last = events.filter((event) => event.type === 'GRANT_EXTENSION_REQUESTED').at(-1)?.details.extensionId;
    if (typeof last !== 'string') return;
    const decided = events.some(
      (event) =>
        (event.type === 'GRANT_EXTENDED' || event.type === 'GRANT_EXTENSION_DENIED') &&
        event.details.extensionId === last,
    );
    if (!decided) await this.showExtensionCard(grant, last);
  }

  private async reply(grant: Grant, eventId: string, event: LifecycleEvent): Promise<void> {
    // The card may have been posted by an earlier step of this very job (a decision delivered before the request).
    const card = grant.card ?? (await this.deps.grants.findById(grant.id))?.card;
    if (!card) {
      this.deps.logger.warn({ grantId: grant.id, eventId }, 'no approver card to reply under');
      return;
    }
    await this.deps.poster.replyOnce(eventId, grant.id, card, lifecycleReply(grant, event));
  }

  private async extensionIdOf(eventId: string): Promise<string | undefined> {
    const extensionId = (await this.deps.audit.byId(eventId))?.details.extensionId;
    return typeof extensionId === 'string' ? extensionId : undefined;
  }
}
