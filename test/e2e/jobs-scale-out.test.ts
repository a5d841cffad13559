/**
 * Scaling out: three real `grantdesk worker` processes (node bin/grantdesk.js worker) against one Postgres and one
 * queue backend, as an operator runs them. The test seeds each batch of ACTIVE grants and their expiry outbox rows
 * straight into Postgres (see seed-active-grants.ts), all expiring at the same instant; the workers relay, schedule
 * and expire them on the wall clock, and the test checks that each grant ended once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { AuditQueries } from '../../src/db/audit-store.ts';
import { deleteKeysUnder } from '../support/delete-keys-under.ts';
import { BACKENDS, backendMissing, eventually } from '../support/jobs-harness.ts';
import { CLI_TIMEOUT_MS, runGrantdesk } from '../support/run-cli.ts';
import { seedActiveGrants } from '../support/seed-active-grants.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { FLEET_START_CEILING_MS, WorkerFleet } from '../support/worker-fleet.ts';

const GRANTS = 500;
/** Time for the relays to enqueue a batch before it falls due. */
const LEAD_MS = 4_000;

describe.each(BACKENDS)('scaling out on the %s backend', (kind) => {
  describe.skipIf(backendMissing(kind))('three grantdesk worker processes', () => {
    const prefix = `gdscale-${Math.random().toString(36).slice(2, 10)}`;
    let db: TestDatabase;
    let fleet: WorkerFleet | undefined;

    beforeAll(async () => {
      db = await createTestDatabase();
      fleet = await WorkerFleet.start({
        count: 3,
        databaseUrl: db.url,
        redisUrl: kind === 'redis' ? inject('redisUrl') : null,
        prefix,
        env: { RECONCILE_INTERVAL: '2s' },
      });
    }, FLEET_START_CEILING_MS + 30_000);

    afterAll(async () => {
      await fleet?.stop();
      if (kind === 'redis') await deleteKeysUnder(inject('redisUrl') as string, prefix);
      await db?.drop();
    }, 30_000);

    /** `count` ACTIVE grants, all expiring at the same instant, LEAD_MS from now (on the next whole second). */
    async function batch(count: number): Promise<{ ids: string[]; dueAt: Date }> {
      const now = new Date();
      const dueAt = new Date(Math.ceil((now.getTime() + LEAD_MS) / 1_000) * 1_000);
      const ids = await seedActiveGrants(db.adminQuery, { count, startTime: now, expiresAt: () => dueAt });
      return { ids, dueAt };
    }

    const countEnded = async (ids: string[]) =>
      Number(
        (await db.adminQuery("SELECT count(*) FROM grants WHERE id = ANY($1) AND status = 'ENDED'", [ids])).rows[0]
          ?.count,
      );

    async function expectEachExpiredOnce(ids: string[]) {
      const states = await db.adminQuery(
        'SELECT status, end_reason, count(*)::int AS n FROM grants WHERE id = ANY($1) GROUP BY 1, 2',
        [ids],
      );
      expect(states.rows).toEqual([{ status: 'ENDED', end_reason: 'EXPIRED', n: ids.length }]);
      const ends = await db.adminQuery(
        `SELECT count(*)::int AS events, count(DISTINCT grant_id)::int AS grants FROM audit_events
          WHERE type = 'IMPERSONATION_END' AND grant_id = ANY($1)`,
        [ids],
      );
      expect(ends.rows[0]).toEqual({ events: ids.length, grants: ids.length });
      expect((await verifyAuditChain(new AuditQueries(db.sequelize))).ok).toBe(true);
    }

    async function lateness(ids: string[]): Promise<{ p50: number; max: number }> {
      const { rows } = await db.adminQuery(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, max(ms) AS max FROM (
           SELECT extract(epoch FROM end_time - expires_at) * 1000 AS ms FROM grants WHERE id = ANY($1)) l`,
        [ids],
      );
      return { p50: Math.round(Number(rows[0]?.p50)), max: Math.round(Number(rows[0]?.max)) };
    }

    it(`${GRANTS} grants due in the same second: ${GRANTS} EXPIRED transitions and ${GRANTS} IMPERSONATION_END rows, none twice`, async () => {
      const { ids } = await batch(GRANTS);
      await eventually(async () => (await countEnded(ids)) === GRANTS, 60_000, `all ${GRANTS} grants to end`);
      await expectEachExpiredOnce(ids);
      console.info(`[${kind}] ${GRANTS} grants, 3 workers: lateness`, await lateness(ids));
    }, 90_000);

    it('kill -9 of a worker mid-batch: the other two still expire every grant, once', async () => {
      const { ids } = await batch(GRANTS);
      // One grant's row stays locked until the kill, so the batch is still being expired when it comes, however fast
      // the workers end the others (batch claims skip a locked row; that grant's own job waits for it).
      const holder = new pg.Client({ connectionString: db.url });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM grants WHERE id = $1 FOR UPDATE', [ids[0]]);
      const stillActive = await eventually(
        async () => {
          const ended = await countEnded(ids);
          return ended > 0 && GRANTS - ended;
        },
        30_000,
        'the batch to start expiring',
      );
      await fleet?.kill9(0);
      await holder.query('COMMIT');
      await holder.end();
      // Killed while grants were still being expired: its jobs in progress die with it (their locks will expire
      // and the reconciler of the survivors ends those grants within RECONCILE_INTERVAL).
      expect(stillActive).toBeGreaterThan(0);
      await eventually(async () => (await countEnded(ids)) === GRANTS, 60_000, 'the survivors to end every grant');
      await expectEachExpiredOnce(ids);
      console.info(`[${kind}] kill -9 with ${stillActive} of ${GRANTS} still active: lateness`, await lateness(ids));
    }, 90_000);
  });
});

describe('grantdesk worker configuration', { timeout: CLI_TIMEOUT_MS }, () => {
  it('needs DATABASE_URL but no Slack tokens, and Jira credentials only when JIRA_BASE_URL is set', async () => {
    const bare = await runGrantdesk(['worker'], {});
    expect(bare.code).toBe(1);
    expect(bare.stderr.trim()).toBe('DATABASE_URL: required for grantdesk worker');

    const jira = await runGrantdesk(['worker'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      JIRA_BASE_URL: 'http://127.0.0.1:9/jira',
    });
    expect(jira.code).toBe(1);
    expect(jira.stderr).toContain('JIRA_EMAIL: required for grantdesk worker');
    expect(jira.stderr).not.toContain('SLACK');
  });
});
