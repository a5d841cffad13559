import type { AttachCardInput } from '../app/attach-card.ts';
import type { ApproverCardStore } from '../db/approver-card-store.ts';
import type { SlackDeliveryStore } from '../db/slack-delivery-store.ts';
import { type ApproverMentions, mentionsOf } from '../domain/approver-mentions.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import { extensionFromTrail } from '../domain/extension-trail.ts';
import type { CardRef, Grant } from '../domain/grant.ts';
import type { GrantPolicy } from '../domain/grant-policy.ts';
import { type Notification, type Notifier, PermanentDeliveryError } from '../domain/notification.ts';
import { type NotificationStep, notificationNeeds, planNotification } from '../domain/notification-plan.ts';
import type { Clock } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { approverCard } from './blocks/approver-card.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { decisionMessage } from './blocks/decision-message.ts';
import { endedMessage } from './blocks/ended-message.ts';
import { expiryWarningMessage } from './blocks/expiry-warning-message.ts';
import { extensionCard } from './blocks/extension-card.ts';
import { extensionDecisionMessage } from './blocks/extension-decision-message.ts';
import { type ApproverAudience, escalatedCard, escalatedReply, reminderReply } from './blocks/nudge-messages.ts';
import { lifecycleReply } from './blocks/thread-reply.ts';
import { isPermanentSlackError } from './slack-api-error.ts';
import type { SlackPoster } from './slack-poster.ts';

export interface SlackNotifierDeps {
  poster: SlackPoster;
  grants: { findById(id: string): Promise<Grant | undefined> };
  audit: { byId(id: string): Promise<AuditEvent | undefined>; byGrant(grantId: string): Promise<AuditEvent[]> };
  deliveries: Pick<SlackDeliveryStore, 'extensionCard' | 'escalatedCard' | 'record'>;
  attachCard(input: AttachCardInput): Promise<{ attached: boolean; card: CardRef }>;
  /** Updates of the approver card, one writer at a time, skipped when it shows the current state already. */
  cards: Pick<ApproverCardStore, 'showOnce' | 'showsCurrent'>;
  approverChannelId: string;
  /** Where break-glass notices go besides the approvers' channel; unset: the approvers' channel only. */
  complianceChannelId?: string | undefined;
  /** ESCALATION_CHANNEL_ID: where an escalated request's card is also posted. */
  escalationChannelId?: string | undefined;
  /** Who a reminder mentions when its event recorded nobody (APPROVER_USER_IDS, APPROVER_USERGROUP_ID). */
  approvers: ApproverAudience;
  policy: Pick<GrantPolicy, 'requiredApprovals' | 'pendingTtlMs' | 'breakGlassReviewWithinMs'>;
  clock: Clock;
  logger: Logger;
}

/**
 * Tells people in Slack what happened to a grant: carries out the plan the domain makes (notification-plan.ts), the
 * approver card posted, then updated in place; DMs to the requester; replies in the card's thread; extension cards.
 * Every message is rendered from the grant as
 * it is now, loaded fresh, so a late or repeated delivery shows the current state; posts (as opposed to updates) are
 * recorded and made once per event.
 *
 * Slack refusing for good (channel_not_found, invalid_blocks…) is logged and thrown as a PermanentDeliveryError, which
 * the notify job turns into a failure without retries;
 * rate limits and outages are thrown as they are, and the job is retried with backoff.
 */
export class SlackNotifier implements Notifier {
  constructor(private readonly deps: SlackNotifierDeps) {}

  async notify({ grantId, eventId, type }: Notification): Promise<void> {
    const grant = await this.deps.grants.findById(grantId);
    if (!grant) throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no grant ${grantId} to notify about.`);
    const needs = notificationNeeds(type);
    const [event, trail] = await Promise.all([
      needs.event ? this.deps.audit.byId(eventId) : undefined,
      needs.trail ? this.deps.audit.byGrant(grantId) : undefined,
    ]);
    const steps = planNotification({ type, eventId, grant, event, ...(trail ? { trail } : {}) });
    const refused: string[] = [];
    let cardRefused = false;
    for (const step of steps) {
      // Once Slack refused the card for good in this very delivery, a thread reply has nothing to go under.
      if (cardRefused && (step.tell === 'thread' || step.tell === 'nudge-reply')) continue;
      try {
        await this.carryOut(grant, eventId, step);
      } catch (error) {
        if (!isPermanentSlackError(error)) throw error;
        refused.push(error.data.error);
        if (step.tell === 'approver-card') cardRefused = true;
      }
    }
    if (refused.length > 0) {
      this.deps.logger.error({ grantId, eventId, type, slackErrors: refused }, 'Slack refused a notification');
      throw new PermanentDeliveryError(`Slack refused ${type} for ${grant.shortCode}: ${refused.join(', ')}`, refused);
    }
  }

  /** Renders one step of the plan and posts it. */
  private carryOut(grant: Grant, eventId: string, step: NotificationStep): Promise<void> {
    const dm = (message: SlackMessage) => this.deps.poster.dmOnce(eventId, grant.id, grant.requesterId, message);
    switch (step.tell) {
      case 'approver-card':
        return this.showCard(grant);
      case 'requester':
        if (step.message === 'extension-decision') return dm(extensionDecisionMessage(grant, step.outcome));
        if (step.message === 'expiry-warning') return dm(expiryWarningMessage(grant, this.deps.clock.now()));
        return dm(step.message === 'ended' ? endedMessage(grant) : decisionMessage(grant));
      case 'earlier-dms-ended':
        return this.deps.poster.rewriteOtherDms(grant.id, eventId, endedMessage(grant));
      case 'thread':
        return this.reply(grant, eventId, lifecycleReply(grant, step.reply));
      case 'nudge-reply': {
        const now = this.deps.clock.now();
        const { escalationChannelId: channel } = this.deps;
        if (step.nudge === 'remind') {
          return this.reply(grant, eventId, reminderReply(grant, this.audienceOf(step.mentioned), now));
        }
        return channel ? this.reply(grant, eventId, escalatedReply(grant, channel, now)) : Promise.resolve();
      }
      case 'escalated-card':
        return this.showEscalatedCard(grant, eventId, this.audienceOf(step.mentioned));
      case 'extension-card':
        return this.showExtensionCard(grant, step.extensionId, step.requestedEventId);
      case 'break-glass-notice':
        return this.showBreakGlassNotice(grant);
    }
  }

  /**
   * Posts the approver card, or updates it when the grant has one. Two deliveries of GRANT_REQUESTED may both post:
   * the first card attached to the grant wins and the other is deleted.
   */
  private async showCard(grant: Grant): Promise<void> {
    const render = (current: Grant) => approverCard(current, { ...this.deps.policy, now: this.deps.clock.now() });
    if (grant.card) {
      // The click that made the change has usually shown it on the card already: one read settles that.
      if (!(await this.deps.cards.showsCurrent(grant.id))) {
        await this.deps.cards.showOnce(grant.id, (current) => this.deps.poster.update(current.card, render(current)));
      }
      // A copy exists only once GRANT_ESCALATED committed, which sets escalatedAt in the same transaction; an
      // escalation that commits after this grant was read posts its copy from a later read, so none is missed.
      if (grant.escalatedAt) await this.updateEscalatedCard(grant.id);
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

  /** The break-glass in the compliance channel, rendered from the grant as it is now (with its review, once made). */
  private async showBreakGlassNotice(grant: Grant): Promise<void> {
    const channel = this.deps.complianceChannelId;
    if (!channel) return;
    const notice = approverCard(grant, { ...this.deps.policy, now: this.deps.clock.now() });
    await this.deps.poster.postOrUpdate(`break-glass:${grant.id}`, grant.id, channel, notice);
  }

  /**
   * Posts the copy of the card to ESCALATION_CHANNEL_ID, once per escalation: the ledger's key decides between two
   * deliveries that raced, and the loser's copy is deleted. The copy is then rendered again from the grant as it is
   * now, so a decision that landed while it was being posted still shows on it.
   */
  private async showEscalatedCard(grant: Grant, eventId: string, audience: ApproverAudience): Promise<void> {
    const channel = this.deps.escalationChannelId;
    if (!channel) {
      this.deps.logger.warn({ grantId: grant.id, eventId }, 'ESCALATION_CHANNEL_ID is not set: nowhere to escalate to');
      return;
    }
    if (!(await this.deps.deliveries.escalatedCard(grant.id))) {
      const posted = await this.deps.poster.post(channel, this.renderEscalated(grant, audience));
      const kept = await this.deps.deliveries.record({
        eventId,
        step: 'escalated-card',
        grantId: grant.id,
        message: posted,
      });
      if (kept.messageTs !== posted.messageTs || kept.channelId !== posted.channelId)
        await this.deps.poster.delete(posted);
    }
    await this.updateEscalatedCard(grant.id);
  }

  /**
   * Keeps an escalated copy of the card in step with the original (an update renders the current state: repeatable).
   * While it still waits, the copy names whom its GRANT_ESCALATED mentioned, read back from the trail.
   */
  private async updateEscalatedCard(grantId: string): Promise<void> {
    const copy = await this.deps.deliveries.escalatedCard(grantId);
    if (!copy) return;
    const current = await this.deps.grants.findById(grantId);
    if (!current) return;
    const escalated =
      current.status === 'PENDING'
        ? (await this.deps.audit.byGrant(grantId)).find((event) => event.type === 'GRANT_ESCALATED')
        : undefined;
    await this.deps.poster.update(copy, this.renderEscalated(current, this.audienceOf(mentionsOf(escalated))));
  }

  private renderEscalated(grant: Grant, audience: ApproverAudience): SlackMessage {
    return escalatedCard(grant, { ...this.deps.policy, now: this.deps.clock.now(), audience });
  }

  /** Whom an event recorded as mentioned; the configured approvers for one recorded without (no roster, older). */
  private audienceOf(mentioned: ApproverMentions | undefined): ApproverAudience {
    if (!mentioned) return this.deps.approvers;
    return { userIds: mentioned.userIds, usergroupId: mentioned.usergroupId ?? undefined };
  }

  /**
   * A reply in the card's thread. Every grant has a card, but its own delivery may not have posted it yet: a reminder
   * can fall due while the request's job is still posting it (or retrying while Slack is down). The reply then fails
   * for the job to retry with its backoff, once the card is there; posting the card from here instead showed two cards
   * until one was deleted, and dropping the reply lost the reminder.
   */
  private async reply(grant: Grant, eventId: string, message: SlackMessage): Promise<void> {
    // The card may have been posted by an earlier step of this very job (a decision delivered before the request).
    const card = grant.card ?? (await this.deps.grants.findById(grant.id))?.card;
    if (!card) throw new Error(`No approver card of ${grant.shortCode} to reply under yet; the job retries`);
    await this.deps.poster.replyOnce(eventId, grant.id, card, message);
  }
}
