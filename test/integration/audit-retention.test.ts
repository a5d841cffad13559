import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/create-api-token.ts';
import { type PurgeReport, purgeAudit } from '../../src/app/purge-audit.ts';
import { setRetentionPolicy } from '../../src/app/set-retention-policy.ts';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { randomIds } from '../../src/system-clock.ts';
import { CLI_TIMEOUT_MS, runGrantdeskHere } from '../support/run-cli.ts';
import { createHarness, type Harness } from '../support/services-harness.ts';

/** Appends a CONSOLE_ACTION on `tenant` at `at` (the clock is moved there first). */
async function eventAt(h: Harness, at: string, tenant: string): Promise<number> {
  h.clock.set(new Date(at));
  const { event } = await h.services.recordConsoleAction({
    reporterTenant: null,
    id: null,
    actor: { kind: 'staff', id: 'U0ADA', email: null },
    action: 'plan.change',
    tenant,
    before: null,
    after: null,
    ipAddress: null,
    userAgent: null,
    occurredAt: null,
    details: {},
    reportedBy: { tokenId: 'test', tokenName: 'test' },
  });
  return event.seq;
}

async function tokenEventAt(h: Harness, at: string): Promise<void> {
  h.clock.set(new Date(at));
  const deps = { unitOfWork: h.stores.unitOfWork, clock: h.clock, ids: randomIds };
  await createApiToken(deps, {
    name: `t${Date.now()}`,
    scopes: ['audit:read'],
    tenant: null,
    expiresInMs: null,
    actor: { kind: 'system', id: 'test' },
  });
}

const purge = (h: Harness, at: string, options: { keepUnforwarded?: boolean; batchSize?: number } = {}) => {
  h.clock.set(new Date(at));
  const deps = { unitOfWork: h.stores.unitOfWork, clock: h.clock, defaultRetentionDays: 365 };
  return purgeAudit({ ...deps, keepUnforwarded: options.keepUnforwarded ?? false, batchSize: options.batchSize });
};

const seqsInTrail = async (h: Harness) =>
  (await h.db.adminQuery('SELECT seq::int FROM audit_events ORDER BY seq')).rows.map((r) => r.seq);

describe('the retention purge', () => {
  let h: Harness;
  /** seq of: A short, B no tenant, C short (2024-01-01), D long (2024-03-01), E short (2024-04-01), F short (2025-05-01). */
  const seq = { A: 0, C: 0, D: 0, E: 0, F: 0 };
  beforeAll(async () => {
    h = await createHarness();
    seq.A = await eventAt(h, '2024-01-01T00:00:00Z', 'short');
    await tokenEventAt(h, '2024-01-01T00:00:00Z');
    seq.C = await eventAt(h, '2024-01-01T00:00:00Z', 'short');
    seq.D = await eventAt(h, '2024-03-01T00:00:00Z', 'long');
    seq.E = await eventAt(h, '2024-04-01T00:00:00Z', 'short');
    seq.F = await eventAt(h, '2025-05-01T00:00:00Z', 'short');
    await setRetentionPolicy(
      { unitOfWork: h.stores.unitOfWork, clock: h.clock },
      {
        tenant: 'long',
        days: 800,
        actor: { kind: 'system', id: 'test' },
      },
    );
  });
  afterAll(() => h.db.drop());

  it('keeps everything the audit webhook has not delivered when forwarding is on', async () => {
    const report = await purge(h, '2025-06-01T00:00:00Z', { keepUnforwarded: true });
    expect(report).toEqual({ deleted: 0, byTenant: [], checkpoint: null, batches: 0 });
  });

  it('deletes the prefix past retention, stopping at the first row a longer policy keeps, and audits it', async () => {
    const report = await purge(h, '2025-06-01T00:00:00Z');
    const lastDeleted = (
      await h.db.adminQuery('SELECT checkpoint_seq::int AS seq, checkpoint_hash AS hash FROM audit_chain')
    ).rows[0];
    expect(report).toEqual({
      deleted: 3,
      byTenant: [
        { tenant: null, count: 1 },
        { tenant: 'short', count: 2 },
      ],
      checkpoint: { seq: seq.C, hash: lastDeleted.hash },
      batches: 1,
    });
    // E (short, past its 365 days) stays: D before it belongs to a tenant kept 800 days.
    const trail = await seqsInTrail(h);
    expect(trail[0]).toBe(seq.D);
    expect(trail).toContain(seq.E);
    const [purged] = await h.stores.audit.page({ types: ['AUDIT_PURGED'] }, 0, 10);
    expect(purged).toMatchObject({
      actor: { kind: 'system', id: 'retention' },
      tenant: null,
      details: { fromSeq: seq.A, throughSeq: seq.C, deleted: 3, checkpoint: report.checkpoint },
    });
    expect(await verifyAuditChain(h.stores.audit)).toMatchObject({ ok: true });
  });

  it('deletes nothing more until the blocking row is itself past retention', async () => {
    expect((await purge(h, '2025-06-01T00:00:00Z')).deleted).toBe(0);
    const later: PurgeReport = await purge(h, '2026-06-01T00:00:00Z');
    expect(later.byTenant).toEqual([
      { tenant: 'long', count: 1 },
      { tenant: 'short', count: 2 },
    ]);
    expect((await seqsInTrail(h))[0]).toBe(seq.F + 1);
    expect(await verifyAuditChain(h.stores.audit)).toMatchObject({ ok: true });
  });

  it('purges a large backlog in batches, each audited, and the chain still verifies', async () => {
    for (let i = 0; i < 5; i += 1) await eventAt(h, '2026-07-01T00:00:00Z', 'short');
    await eventAt(h, '2026-12-01T00:00:00Z', 'short');
    const before = (await seqsInTrail(h)).length;
    const report = await purge(h, '2028-01-01T00:00:00Z', { batchSize: 2 });
    expect(report.batches).toBeGreaterThan(3);
    expect(report.deleted).toBeGreaterThan(6);
    expect((await seqsInTrail(h)).length).toBe(before - report.deleted + report.batches);
    expect(await verifyAuditChain(h.stores.audit)).toMatchObject({ ok: true });
  });
});

describe('grantdesk retention', () => {
  let h: Harness;
  let env: Record<string, string>;
  beforeAll(async () => {
    h = await createHarness();
    env = { DATABASE_URL: h.db.url, AUDIT_RETENTION_DAYS: '400' };
    await eventAt(h, '2001-01-01T00:00:00Z', 'acme-corp');
    await eventAt(h, '2001-01-02T00:00:00Z', 'globex');
    await eventAt(h, '2026-11-01T00:00:00Z', 'acme-corp');
  });
  afterAll(() => h.db.drop());

  it(
    'sets and lists policies, refusing anything under 365 days',
    async () => {
      const short = await runGrantdeskHere(['retention', 'set', 'acme-corp', '364'], env);
      expect(short.code).toBe(1);
      expect(short.stderr.trim()).toBe(
        'days: 364 is below the minimum retention of 365 days; the trail is kept at least a year',
      );
      const notNumber = await runGrantdeskHere(['retention', 'set', 'acme-corp', 'forever'], env);
      expect(notNumber.code).toBe(2);
      const set = await runGrantdeskHere(['retention', 'set', 'acme-corp', '730'], env);
      expect(set.stdout.trim()).toBe(
        'Retention for acme-corp: 730 days (was the default, 400 days (AUDIT_RETENTION_DAYS)).',
      );
      const again = await runGrantdeskHere(['retention', 'set', 'acme-corp', '365'], env);
      expect(again.stdout.trim()).toBe('Retention for acme-corp: 365 days (was 730 days).');
      const list = await runGrantdeskHere(['retention', 'list'], env);
      expect(list.stdout).toMatch(/^default {2}400 days \(AUDIT_RETENTION_DAYS\)\nacme-corp {2}365 days {2}set \d{4}-/);
      const events = await h.stores.audit.page({ types: ['RETENTION_POLICY_SET'] }, 0, 10);
      expect(events.map((e) => [e.before, e.after])).toEqual([
        [{ days: null }, { days: 730 }],
        [{ days: 730 }, { days: 365 }],
      ]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'purges on demand, after which `audit verify` still passes from the checkpoint',
    async () => {
      const purged = await runGrantdeskHere(['retention', 'purge'], env);
      expect(purged.stderr).toBe('');
      expect(purged.stdout.trim()).toBe('Purged 2 event(s) (acme-corp=1, globex=1); audit verify now starts at seq 2.');
      const verify = await runGrantdeskHere(['audit', 'verify'], env);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/^Audit chain intact: \d+ event\(s\) checked; head seq \d+ [0-9a-f]{64}/);
      const nothing = await runGrantdeskHere(['retention', 'purge'], env);
      expect(nothing.stdout.trim()).toBe('Nothing to purge: no event at the start of the trail is past its retention.');
    },
    CLI_TIMEOUT_MS,
  );
});
