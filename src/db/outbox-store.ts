import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { OutboxWriter } from '../domain/ports.ts';
import type { OutboxMessage } from '../domain/side-effects.ts';

export class OutboxStore implements OutboxWriter {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly transaction: Transaction,
  ) {}

  /**
   * In one raw statement, in the order given (the relay sends by id), skipping a key already there: every change of
   * a grant writes here, an approval click among them, where a model's bulkCreate cost more CPU than the statement.
   */
  async add(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.sequelize.query(
      `INSERT INTO outbox (key, topic, payload)
       SELECT m.key, m.topic, m.payload
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (key text, topic text, payload jsonb))
         WITH ORDINALITY AS m (key, topic, payload, n)
       ORDER BY m.n
       ON CONFLICT DO NOTHING`,
      {
        bind: [JSON.stringify(messages.map((m) => ({ key: m.key, topic: m.topic, payload: m.payload })))],
        type: QueryTypes.SELECT,
        transaction: this.transaction,
      },
    );
  }
}
