import type { Sequelize } from 'sequelize';
import type { IdSource, TransactionScope, UnitOfWork } from '../domain/ports.ts';
import { recordPhase, timePhase } from '../phase-times.ts';
import { AuditPurgeStore } from './audit-purge-store.ts';
import { AuditStore } from './audit-store.ts';
import { GrantStore } from './grant-store.ts';
import { defineModels, type Models } from './models.ts';
import { OutboxStore } from './outbox-store.ts';
import { RetentionSetter } from './retention-store.ts';
import { TokenWriter } from './token-store.ts';
import { UseStore } from './use-store.ts';

/** One Postgres transaction per use case: everything written in `work` commits together or not at all. */
export class SequelizeUnitOfWork implements UnitOfWork {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
    private readonly ids: IdSource,
  ) {}

  /** The unit of work of a one-shot command, which has a connection but no services. */
  static on(sequelize: Sequelize, ids: IdSource): SequelizeUnitOfWork {
    return new SequelizeUnitOfWork(sequelize, defineModels(sequelize), ids);
  }

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    const asked = performance.now();
    return timePhase('transaction', async () => {
      let worked = 0;
      const result = await this.sequelize.transaction(async (transaction) => {
        recordPhase('transaction: connection and BEGIN', performance.now() - asked);
        const done = await work({
          grants: new GrantStore(this.models, transaction),
          audit: new AuditStore(this.sequelize, transaction, this.ids),
          outbox: new OutboxStore(this.sequelize, transaction),
          uses: new UseStore(this.models, transaction),
          tokens: new TokenWriter(this.models, transaction),
          retention: new RetentionSetter(this.sequelize, transaction),
          auditPurge: new AuditPurgeStore(this.sequelize, transaction),
        });
        worked = performance.now();
        return done;
      });
      recordPhase('transaction: COMMIT', performance.now() - worked);
      return result;
    });
  }
}
