/**
 * The append part of bench/audit: for each writer count, T seconds of one event per transaction through AuditStore
 * and, beside it, of a plain INSERT of the same row; then how each rate scales from the first writer count to the
 * others, and a verify of the events appended, from the chain head before them (as from a checkpoint).
 */
import type { Sequelize } from 'sequelize';
import { AuditQueries, AuditStore } from '../src/db/audit-store.ts';
import { verifyChain } from '../src/domain/audit-chain.ts';
import { type AuditEvent, auditEvent } from '../src/domain/audit-event.ts';
import { randomIds } from '../src/system-clock.ts';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function measureAppends(options: {
  sequelize: Sequelize;
  seconds: number;
  writerCounts: readonly number[];
}): Promise<void> {
  const { sequelize, seconds } = options;
  console.log(`append, ${seconds} s per figure, one event per transaction (events/s):`);
  const before = await new AuditQueries(sequelize).chainState();
  const rates: { writers: number; chained: number; plain: number }[] = [];
  for (const writers of options.writerCounts) {
    const append = await appendRates(sequelize, seconds, writers);
    rates.push({ writers, ...append });
    console.log(
      `  ${writers} writer(s): through AuditStore (chained) ${append.chained}, plain INSERT ${append.plain}, ratio ${append.ratio}`,
    );
  }
  const [first, ...more] = rates;
  for (const rate of first ? more : []) {
    const scaling = (of: 'chained' | 'plain') => round(rate[of] / first![of], 2);
    console.log(
      `  scaling, ${rate.writers} writers ÷ ${first!.writers}: chained ${scaling('chained')}×, plain INSERT ${scaling('plain')}×`,
    );
  }
  const appended = await verifyFrom(sequelize, before.headSeq, before.headHash);
  console.log(
    `  chain after the appends: ${appended.ok ? 'intact' : `broken at seq ${appended.brokenSeq}`}, ${appended.checked} events from seq ${before.headSeq + 1}`,
  );
}

function draft(n: number) {
  return auditEvent({
    type: 'CONSOLE_ACTION',
    actor: { kind: 'staff', id: `U0BENCH${n % 100}`, email: `bench${n % 100}@example.test` },
    occurredAt: new Date(),
    tenant: `tenant-${n % 50}`,
    after: { plan: 'enterprise' },
    ipAddress: '10.0.0.1',
    userAgent: 'Console/1',
    details: { action: 'plan.change', n },
  });
}

/** `writers` concurrent writers for T seconds, each committing one event per transaction; events per second. */
async function sustained(seconds: number, writers: number, write: (n: number) => Promise<void>): Promise<number> {
  let written = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (Date.now() < until) {
        await write(written);
        written += 1;
      }
    }),
  );
  return written / ((Date.now() - started) / 1000);
}

async function appendRates(sequelize: Sequelize, seconds: number, writers: number) {
  await sequelize.query('DROP TABLE IF EXISTS audit_events_plain');
  await sequelize.query('CREATE TABLE audit_events_plain (LIKE audit_events INCLUDING ALL)');
  let plainSeq = 0;
  const plain = await sustained(seconds, writers, async (n) => {
    const e = { ...draft(n), id: randomIds.uuid() };
    plainSeq += 1;
    const seq = plainSeq;
    await sequelize.transaction((transaction) =>
      sequelize.query(
        `INSERT INTO audit_events_plain (seq, id, occurred_at, type, severity, actor, tenant, grant_id, before, after,
           ip_address, user_agent, details, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
        {
          bind: [
            seq,
            e.id,
            e.occurredAt,
            e.type,
            e.severity,
            JSON.stringify(e.actor),
            e.tenant,
            e.grantId,
            null,
            JSON.stringify(e.after),
            e.ipAddress,
            e.userAgent,
            JSON.stringify(e.details),
            '0'.repeat(64),
            '0'.repeat(64),
          ],
          transaction,
        },
      ),
    );
  });
  const chained = await sustained(seconds, writers, async (n) => {
    await sequelize.transaction((transaction) => new AuditStore(sequelize, transaction, randomIds).append([draft(n)]));
  });
  await sequelize.query('DROP TABLE audit_events_plain');
  return { chained: round(chained, 0), plain: round(plain, 0), ratio: round(chained / plain, 2) };
}

async function verifyFrom(sequelize: Sequelize, seq: number, hash: string) {
  const events: AuditEvent[] = [];
  for await (const batch of new AuditQueries(sequelize).inOrder(seq)) events.push(...batch);
  return verifyChain(events, { seq, hash });
}
