import { QueryTypes, type Sequelize } from 'sequelize';
import type { CardRef } from '../domain/grant.ts';

/** What the notifier posted for one audit event (migrations/…-slack-deliveries.ts). */
export type DeliveryStep = 'dm' | 'thread-reply' | 'extension-card' | 'break-glass-notice' | 'escalated-card';

export interface Delivery {
  eventId: string;
  step: DeliveryStep;
  grantId: string;
  /** Set for extension cards only. */
  extensionId?: string;
  message: CardRef;
}

const asRef = (row: { channelId: string; messageTs: string }): CardRef => ({
  channelId: row.channelId,
  messageTs: row.messageTs,
});

/**
 * The Slack messages Grantdesk has posted, read and written with conditional statements so that, when two
 * deliveries of one event race, the database says which post counts (STYLE.md habit 9).
 */
export class SlackDeliveryStore {
  constructor(private readonly sequelize: Sequelize) {}

  async find(eventId: string, step: DeliveryStep): Promise<CardRef | undefined> {
    const [row] = await this.sequelize.query<{ channelId: string; messageTs: string }>(
      `SELECT channel_id AS "channelId", message_ts AS "messageTs" FROM slack_deliveries
        WHERE event_id = $1 AND step = $2`,
      { bind: [eventId, step], type: QueryTypes.SELECT },
    );
    return row && asRef(row);
  }

  /** The DMs posted about a grant, oldest first, with the event each was posted for. */
  async dms(grantId: string): Promise<{ eventId: string; message: CardRef }[]> {
    const rows = await this.sequelize.query<{ eventId: string; channelId: string; messageTs: string }>(
      `SELECT event_id AS "eventId", channel_id AS "channelId", message_ts AS "messageTs" FROM slack_deliveries
        WHERE grant_id = $1 AND step = 'dm' ORDER BY message_ts`,
      { bind: [grantId], type: QueryTypes.SELECT },
    );
    return rows.map((row) => ({ eventId: row.eventId, message: asRef(row) }));
  }

  async extensionCard(grantId: string, extensionId: string): Promise<CardRef | undefined> {
    const [row] = await this.sequelize.query<{ channelId: string; messageTs: string }>(
      `SELECT channel_id AS "channelId", message_ts AS "messageTs" FROM slack_deliveries
        WHERE grant_id = $1 AND extension_id = $2 AND step = 'extension-card'`,
      { bind: [grantId, extensionId], type: QueryTypes.SELECT },
    );
    return row && asRef(row);
  }

  /** The copy of a grant's approver card posted to ESCALATION_CHANNEL_ID, when it was escalated. */
  async escalatedCard(grantId: string): Promise<CardRef | undefined> {
    const [row] = await this.sequelize.query<{ channelId: string; messageTs: string }>(
      `SELECT channel_id AS "channelId", message_ts AS "messageTs" FROM slack_deliveries
        WHERE grant_id = $1 AND step = 'escalated-card' ORDER BY delivered_at LIMIT 1`,
      { bind: [grantId], type: QueryTypes.SELECT },
    );
    return row && asRef(row);
  }

  /** Records a post unless one is already recorded for the event and step (or the extension); returns the one kept. */
  async record(delivery: Delivery): Promise<CardRef> {
    const { eventId, step, grantId, extensionId, message } = delivery;
    const inserted = await this.sequelize.query<{ channelId: string }>(
      `INSERT INTO slack_deliveries (event_id, step, grant_id, extension_id, channel_id, message_ts)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING channel_id AS "channelId"`,
      {
        bind: [eventId, step, grantId, extensionId ?? null, message.channelId, message.messageTs],
        type: QueryTypes.SELECT,
      },
    );
    if (inserted.length > 0) return message;
    const kept = extensionId ? await this.extensionCard(grantId, extensionId) : await this.find(eventId, step);
    return kept ?? message;
  }

  /** Sets the grant's approver card unless it has one; returns the card the grant keeps. */
  async attachGrantCard(grantId: string, card: CardRef): Promise<CardRef> {
    const updated = await this.sequelize.query<{ id: string }>(
      `UPDATE grants SET card_channel_id = $2, card_message_ts = $3
        WHERE id = $1 AND card_channel_id IS NULL RETURNING id`,
      { bind: [grantId, card.channelId, card.messageTs], type: QueryTypes.SELECT },
    );
    if (updated.length > 0) return card;
    const [row] = await this.sequelize.query<{ channelId: string | null; messageTs: string | null }>(
      `SELECT card_channel_id AS "channelId", card_message_ts AS "messageTs" FROM grants WHERE id = $1`,
      { bind: [grantId], type: QueryTypes.SELECT },
    );
    return row?.channelId && row.messageTs ? { channelId: row.channelId, messageTs: row.messageTs } : card;
  }
}
