import type { WebClient } from '@slack/web-api';
import type { SlackDeliveryStore } from '../db/slack-delivery-store.ts';
import type { CardRef } from '../domain/grant.ts';
import type { SlackMessage } from './blocks/block-kit.ts';

/**
 * The few Web API calls the notifier makes, and the ledger that makes posting safe to repeat: a DM or a thread reply
 * for a given event is posted once, however often its job runs (updates need no ledger: they render the current
 * state, so repeating one is harmless).
 */
export class SlackPoster {
  constructor(
    private readonly client: WebClient,
    private readonly deliveries: Pick<SlackDeliveryStore, 'find' | 'record' | 'dms'>,
  ) {}

  async post(channel: string, message: SlackMessage, threadTs?: string): Promise<CardRef> {
    const answer = await this.client.chat.postMessage({
      channel,
      ...message,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      // Links in our messages are to Jira; an unfurled preview would add noise, not information.
      unfurl_links: false,
      unfurl_media: false,
    });
    return { channelId: answer.channel ?? channel, messageTs: answer.ts ?? '' };
  }

  async update(ref: CardRef, message: SlackMessage): Promise<void> {
    await this.client.chat.update({ channel: ref.channelId, ts: ref.messageTs, ...message });
  }

  async delete(ref: CardRef): Promise<void> {
    await this.client.chat.delete({ channel: ref.channelId, ts: ref.messageTs });
  }

  /** A DM to a person (posting to a user id lands in the app's DM with them), once per event. */
  dmOnce(eventId: string, grantId: string, userId: string, message: SlackMessage): Promise<void> {
    return this.once(eventId, 'dm', grantId, () => this.post(userId, message));
  }

  /**
   * Rewrites every DM about a grant posted for another event than `eventId` (the approval with End now, the expiry
   * warning with Extend and End now…) to `message`: once a grant is over, its DMs must not offer buttons for it.
   * An update renders the final state, so repeating it is harmless.
   */
  async rewriteOtherDms(grantId: string, eventId: string, message: SlackMessage): Promise<void> {
    for (const dm of await this.deliveries.dms(grantId)) {
      if (dm.eventId !== eventId) await this.update(dm.message, message);
    }
  }

  /** A reply in the thread of the approver card, once per event. */
  replyOnce(eventId: string, grantId: string, card: CardRef, message: SlackMessage): Promise<void> {
    return this.once(eventId, 'thread-reply', grantId, () => this.post(card.channelId, message, card.messageTs));
  }

  /**
   * A message in `channelId` that stands for `key` and is kept current: posted the first time, updated after. Two
   * deliveries racing may both post: the ledger keeps the first and the other post is deleted.
   */
  async postOrUpdate(key: string, grantId: string, channelId: string, message: SlackMessage): Promise<void> {
    const existing = await this.deliveries.find(key, 'break-glass-notice');
    if (existing) return this.update(existing, message);
    const posted = await this.post(channelId, message);
    const kept = await this.deliveries.record({ eventId: key, step: 'break-glass-notice', grantId, message: posted });
    if (kept.messageTs !== posted.messageTs || kept.channelId !== posted.channelId) {
      await this.delete(posted);
      await this.update(kept, message);
    }
  }

  private async once(
    eventId: string,
    step: 'dm' | 'thread-reply',
    grantId: string,
    send: () => Promise<CardRef>,
  ): Promise<void> {
    if (await this.deliveries.find(eventId, step)) return;
    const message = await send();
    await this.deliveries.record({ eventId, step, grantId, message });
  }
}
