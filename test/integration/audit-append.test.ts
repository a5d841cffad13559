import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { AuditStore } from '../../src/db/audit-store.ts';
import { createSequelize } from '../../src/db/database.ts';
import { auditEvent } from '../../src/domain/audit-event.ts';
import { randomIds } from '../../src/system-clock.ts';
import { createHarness, type Harness } from '../support/services-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.db.drop());

const draft = (n: number) =>
  auditEvent({ type: 'CONSOLE_ACTION', actor: { kind: 'system', id: 'test' }, occurredAt: new Date(), details: { n } });

describe('appending to the chain', () => {
  it('keeps one gapless chain when two processes append concurrently', async () => {
    // A second Sequelize instance (its own pool) stands for a second process.
    const other = createSequelize(h.db.url, undefined, 10);
    try {
      const writers = [h.db.sequelize, other].flatMap((sequelize) =>
        Array.from({ length: 6 }, async (_, w) => {
          for (let i = 0; i < 8; i += 1) {
            const drafts = Array.from({ length: 1 + ((w + i) % 3) }, (_, k) => draft(k));
            await sequelize.transaction((t) => new AuditStore(sequelize, t, randomIds).append(drafts));
          }
        }),
      );
      await Promise.all(writers);
    } finally {
      await other.close();
    }
    const { rows } = await h.db.adminQuery('SELECT count(*)::int AS n, max(seq)::int AS head FROM audit_events');
    expect(rows[0].n).toBe(rows[0].head);
    expect(await verifyAuditChain(h.stores.audit)).toMatchObject({ ok: true, checked: rows[0].n });
  });

  it('leaves no trace of an append whose transaction rolled back', async () => {
    await expect(
      h.db.sequelize.transaction(async (t) => {
        await new AuditStore(h.db.sequelize, t, randomIds).append([draft(1)]);
        throw new Error('the use case failed after appending');
      }),
    ).rejects.toThrow('the use case failed');
    const [event] = await h.db.sequelize.transaction((t) =>
      new AuditStore(h.db.sequelize, t, randomIds).append([draft(2)]),
    );
    const { rows } = await h.db.adminQuery('SELECT max(seq)::int AS head FROM audit_events');
    expect(event?.seq).toBe(rows[0].head);
    expect(await verifyAuditChain(h.stores.audit)).toMatchObject({ ok: true });
  });
});
