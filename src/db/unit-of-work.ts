import type { Sequelize } from 'sequelize';
import type { IdSource, TransactionScope, UnitOfWork } from '../domain/ports.ts';
import { recordPhase, timePhase } from '../phase-times.ts';
import { AuditStore } from './audit-store.ts';
import { GrantStore } from './grant-store.ts';
import type { Models } from './models.ts';
import { OutboxStore } from './outbox-store.ts';
import { UseStore } from './use-store.ts';

/** One Postgres transaction per use case: everything written in `work` commits together or not at all. */
export class SequelizeUnitOfWork implements UnitOfWork {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
    private readonly ids: IdSource,
  ) {}

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    const asked = performance.now();
    return timePhase('transaction', async () => {
      let worked = 0;
      const result = await this.sequelize.transaction(async (transaction) => {
        recordPhase('transaction: connection and BEGIN', performance.now() - asked);
        const done = await work({
          grants: new GrantStore(this.models, transaction),
          audit: new AuditStore(this.sequelize, transaction, this.ids),
          outbox: new OutboxStore(this.models, transaction),
          uses: new UseStore(this.models, transaction),
        });
        worked = performance.now();
        return done;
      });
      recordPhase('transaction: COMMIT', performance.now() - worked);
      return result;
    });
  }
}
