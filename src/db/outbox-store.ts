import type { Transaction } from 'sequelize';
import type { OutboxWriter } from '../domain/ports.ts';
import type { OutboxMessage } from '../domain/side-effects.ts';
import type { Models } from './models.ts';

export class OutboxStore implements OutboxWriter {
  constructor(
    private readonly models: Models,
    private readonly transaction: Transaction,
  ) {}

  async add(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.models.OutboxMessage.bulkCreate(
      messages.map((m) => ({ key: m.key, topic: m.topic, payload: m.payload })),
      { transaction: this.transaction, ignoreDuplicates: true },
    );
  }
}
