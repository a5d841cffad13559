import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceSettingsFrom, createComplianceServices } from '../../src/app/compliance-services.ts';
import { createServices } from '../../src/app/services.ts';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { createStores, type Stores } from '../../src/db/stores.ts';
import { DEMO_JIRA_PAT, demoConfig } from '../../src/demo/demo-config.ts';
import { DemoJira } from '../../src/demo/demo-jira.ts';
import { approverIds } from '../../src/demo/demo-workspace.ts';
import { seedWeek } from '../../src/demo/seed-week.ts';
import { SettableClock } from '../../src/demo/settable-clock.ts';
import type { AnomalyFinding } from '../../src/domain/anomaly/anomaly-finding.ts';
import type { CompliancePoster } from '../../src/domain/ports.ts';
import type { WeeklyDigest } from '../../src/domain/weekly-digest.ts';
import { JiraTicketTracker } from '../../src/jira/jira-ticket-tracker.ts';
import { ConfiguredGroupDirectory } from '../../src/policy/configured-group-directory.ts';
import { loadAccessPolicy } from '../../src/policy/load-access-policy.ts';
import { randomIds } from '../../src/system-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** Keeps what would have gone to #compliance. */
class RecordingPoster implements CompliancePoster {
  readonly alerts: AnomalyFinding[][] = [];
  readonly digests: WeeklyDigest[] = [];

  async postDigest(digest: WeeklyDigest) {
    this.digests.push(digest);
    return { channelId: 'C0COMPLIAN', messageTs: '1.000001', fileIds: [] };
  }

  async postAlert(findings: AnomalyFinding[]) {
    this.alerts.push(findings);
    return { channelId: 'C0COMPLIAN', messageTs: '1.000002' };
  }
}

describe('seeding a demo week', () => {
  // A Wednesday: the seeded week is the one before (Monday 2026-11-09 to Sunday 2026-11-15, UTC).
  const now = new Date('2026-11-18T10:00:00Z');
  let db: TestDatabase;
  let jira: DemoJira;
  const poster = new RecordingPoster();
  const clock = new SettableClock(now);
  let seed: () => ReturnType<typeof seedWeek>;
  let services: ReturnType<typeof createServices>;
  let stores: Stores;

  beforeAll(async () => {
    db = await createTestDatabase();
    jira = await DemoJira.start(DEMO_JIRA_PAT);
    const config = demoConfig({
      databaseUrl: db.url,
      slackApiUrl: 'http://127.0.0.1:9/api/',
      jiraUrl: jira.url,
      signingSecret: 's',
    });
    const approvers = new Set(approverIds());
    // The week is played under the demo's policy (examples/policy), as the demo plays it.
    const loaded = await loadAccessPolicy({
      policyDir: config.policy.dir,
      approverChannelId: config.slack.approverChannelId,
      ...config.grants,
    });
    if (!loaded.ok) throw new Error('the example policy folder does not load');
    const access = { isApprover: async (id: string) => approvers.has(id), isAuditor: async () => false };
    stores = createStores(db.sequelize, randomIds);
    services = createServices({
      sequelize: db.sequelize,
      stores,
      tracker: new JiraTicketTracker({ baseUrl: jira.url, pat: DEMO_JIRA_PAT, timeoutMs: 3000 }),
      access,
      accessPolicy: loaded.policy,
      groups: new ConfiguredGroupDirectory(access, null),
      clock,
      ids: randomIds,
      policy: config.grants,
      ticketPolicy: { allowedProjects: config.jira.projects, requireOpen: true },
    });
    const compliance = createComplianceServices({
      sequelize: db.sequelize,
      poster,
      clock,
      ids: randomIds,
      settings: complianceSettingsFrom(config),
    });
    seed = () =>
      seedWeek(
        {
          services,
          pendingTtlMs: config.grants.pendingTtlMs,
          clock,
          timeZone: 'UTC',
          scanAnomalies: () => compliance.scanAnomalies(),
        },
        now,
      );
  });

  afterAll(async () => {
    await jira?.close();
    await db?.drop();
  });

  it('plays last week through the use cases, at the moments it happened, and leaves one request waiting now', async () => {
    expect(await seed()).toEqual({ week: '2026-W46', requests: 19, alreadySeeded: false });
    const rows = await db.models.Grant.findAll({ order: [['requestedAt', 'ASC']] });
    const grants = rows.map((row) => row.get({ plain: true }) as Record<string, unknown>);
    const count = (status: string, endReason?: string) =>
      grants.filter((g) => g.status === status && (endReason === undefined || g.endReason === endReason)).length;
    expect({
      normal: count('ENDED', 'NORMAL'),
      forced: count('ENDED', 'FORCED'),
      expired: count('ENDED', 'EXPIRED'),
      denied: count('DENIED'),
      cancelled: count('CANCELLED'),
      lapsed: count('LAPSED'),
      pending: count('PENDING'),
    }).toEqual({ normal: 8, forced: 2, expired: 2, denied: 4, cancelled: 1, lapsed: 1, pending: 1 });
    expect(grants[0]?.requestedAt).toEqual(new Date('2026-11-09T09:12:00Z'));
    expect(grants.at(-1)?.requestedAt).toEqual(new Date('2026-11-18T09:57:00Z'));

    const refused = await db.adminQuery(`SELECT count(*)::int AS n FROM audit_events WHERE type = 'ACCESS_REFUSED'`);
    expect(refused.rows[0].n).toBe(2);
    expect(await verifyAuditChain(stores.audit)).toMatchObject({ ok: true });
  });

  it('gives every anomaly rule but the tenant hot spot something to find, posted by day as the schedule would', () => {
    const rules = new Set(poster.alerts.flat().map((finding) => finding.rule));
    expect([...rules].sort()).toEqual([
      'concentrated-approval',
      'frequent-requests',
      'long-grant',
      'off-hours-activation',
      'refused-access',
      'repeated-denials',
      'rubber-stamp-approval',
      'ticket-reuse',
      'unused-grant',
    ]);
  });

  it('gives the digest of that week content', async () => {
    clock.set(now);
    const compliance = createComplianceServices({
      sequelize: db.sequelize,
      poster,
      clock,
      ids: randomIds,
      settings: complianceSettingsFrom(
        demoConfig({
          databaseUrl: db.url,
          slackApiUrl: 'http://127.0.0.1:9/api/',
          jiraUrl: jira.url,
          signingSecret: 's',
        }),
      ),
    });
    expect(await compliance.runDigest()).toMatchObject({ outcome: 'posted', week: '2026-W46' });
    const [digest] = poster.digests;
    expect(digest).toMatchObject({ sessions: 12, requests: 18, denials: 4, lapses: 1 });
    expect(digest?.anomalies.length).toBeGreaterThan(5);
  });

  it('adds nothing when the same week is seeded again', async () => {
    const before = await db.models.Grant.count();
    expect(await seed()).toMatchObject({ requests: 0, alreadySeeded: true });
    expect(await db.models.Grant.count()).toBe(before);
  });
});
