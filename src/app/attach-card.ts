import type { CardRef } from '../domain/grant.ts';

/** Where the notifier records the cards it posts; each call keeps the first card recorded and returns it. */
export interface CardLedger {
  attachGrantCard(grantId: string, card: CardRef): Promise<CardRef>;
  record(delivery: {
    eventId: string;
    step: 'extension-card';
    grantId: string;
    extensionId: string;
    message: CardRef;
  }): Promise<CardRef>;
}

export type AttachCardInput =
  | { kind: 'grant'; grantId: string; card: CardRef }
  /** `eventId`: the GRANT_EXTENSION_REQUESTED event the card was posted for. */
  | { kind: 'extension'; grantId: string; extensionId: string; eventId: string; card: CardRef };

/**
 * Links a card just posted in the approver channel to its grant (or to the extension it asks about), so later events
 * update it and reply in its thread. Delivery is at least once, so two deliveries may each have posted a card: the
 * first one recorded wins (a conditional write decides, not timing) and `attached: false` tells the caller to delete
 * its duplicate.
 */
export async function attachCard(
  deps: { cards: CardLedger },
  input: AttachCardInput,
): Promise<{ attached: boolean; card: CardRef }> {
  const kept =
    input.kind === 'grant'
      ? await deps.cards.attachGrantCard(input.grantId, input.card)
      : await deps.cards.record({
          eventId: input.eventId,
          step: 'extension-card',
          grantId: input.grantId,
          extensionId: input.extensionId,
          message: input.card,
        });
  const attached = kept.channelId === input.card.channelId && kept.messageTs === input.card.messageTs;
  return { attached, card: kept };
}
