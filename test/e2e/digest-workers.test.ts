/**
 * Three real `grantdesk worker` processes firing the digest and anomaly schedules every second, as replicas would
 * on DIGEST_CRON and ANOMALY_CRON, against one Postgres and the fake Slack. One of them crashed earlier, leaving the
 * last week's digest claimed and unfinished. The week's digest must arrive once, and each anomaly once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoWeek, weekToReport } from '../../src/domain/iso-week.ts';
import { systemClock } from '../../src/system-clock.ts';
import { COMPLIANCE_CHANNEL, type ComplianceHarness, createComplianceHarness } from '../support/compliance-harness.ts';
import { seedWeek } from '../support/digest-week-seed.ts';
import { eventually, sleep } from '../support/jobs-harness.ts';
import { aRequest, staff } from '../support/services-harness.ts';
import { FLEET_START_CEILING_MS, WorkerFleet } from '../support/worker-fleet.ts';

const LAST_WEEK = weekToReport(new Date(), 'Europe/Paris');
const LABEL = formatIsoWeek(LAST_WEEK);

let h: ComplianceHarness;
let fleet: WorkerFleet | undefined;
let rubberStamped: string;
beforeAll(async () => {
  h = await createComplianceHarness();
  await seedWeek(h, LAST_WEEK);
  // Anomalies of the last hour, for the scans to find: a rubber-stamp approval and a refused use.
  h.clock.set(new Date(systemClock.now().getTime() - 60 * 60_000));
  const { grant } = await h.services.requestGrant(aRequest({ tenant: 'globex' }));
  rubberStamped = grant.id;
  h.clock.advance(3_000);
  await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
  await h.services.endGrant({ grantId: grant.id, actor: staff('UREQUESTER') });
  await h.services
    .recordUse({ grantId: grant.id, actor: staff('UREQUESTER'), ipAddress: null, userAgent: null })
    .catch(() => undefined);
  await h.db.adminQuery(
    `INSERT INTO schedule_runs (kind, period, status, claimed_by, claimed_at)
     VALUES ('weekly-digest', $1, 'claimed', 'crashed-replica:4242', now() - interval '11 minutes')`,
    [LABEL],
  );
  fleet = await WorkerFleet.start({
    count: 3,
    databaseUrl: h.db.url,
    redisUrl: null,
    prefix: `gddigest-${randomBytes(4).toString('hex')}`,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-digest-workers',
      SLACK_API_URL: h.slack.url,
      COMPLIANCE_CHANNEL_ID: COMPLIANCE_CHANNEL,
      AUDITOR_USER_IDS: 'U0AUDITOR1',
      AUDITOR_USERGROUP_ID: 'S0AUDITORS',
      DIGEST_TIMEZONE: 'Europe/Paris',
      DIGEST_CRON: '* * * * * *',
      ANOMALY_CRON: '* * * * * *',
    },
  });
}, FLEET_START_CEILING_MS + 60_000);
afterAll(async () => {
  await fleet?.stop();
  await h?.close();
}, 60_000);

const messages = () => h.slack.topLevelMessages(COMPLIANCE_CHANNEL).filter((m) => m.blocks.length > 0);
const digests = () => messages().filter((m) => m.text.startsWith('Weekly access digest'));
const mentioning = (text: string) => messages().filter((m) => JSON.stringify(m.blocks).includes(text));

describe('three worker processes on the digest and anomaly schedules', () => {
  it('post the last week’s digest once, taking over the crashed replica’s claim', async () => {
    await eventually(async () => digests().length > 0 && h.slack.files().length === 2, 30_000, 'the digest');
    await sleep(3_000); // three more firings of every replica
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.text).toContain(`Weekly access digest ${LABEL}:`);
    expect(h.slack.files().map((f) => f.filename)).toEqual([
      `grantdesk-sessions-${LABEL}.png`,
      `grantdesk-sessions-${LABEL}.csv`,
    ]);
    const [run] = (
      await h.db.adminQuery('SELECT status, claimed_by, attempts FROM schedule_runs WHERE period = $1', [LABEL])
    ).rows;
    expect(run.status).toBe('done');
    expect(run.claimed_by).not.toBe('crashed-replica:4242');
    expect(run.attempts).toBe(2);
    const posted = await h.db.adminQuery("SELECT count(*)::int AS n FROM audit_events WHERE type = 'DIGEST_POSTED'");
    expect(posted.rows[0].n).toBe(1);
  }, 60_000);

  it('post each new anomaly once, the HIGH one mentioning the auditors', async () => {
    await eventually(async () => mentioning('Rubber-stamp approval').length > 0, 30_000, 'the alerts');
    await sleep(2_000);
    const alerts = messages().filter((m) => !m.text.startsWith('Weekly access digest'));
    const refused = alerts.filter((m) => JSON.stringify(m.blocks).includes(`Refused access`));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.text).toContain('<@U0AUDITOR1> <!subteam^S0AUDITORS>');
    const rubber = alerts.filter((m) => JSON.stringify(m.blocks).includes(`Rubber-stamp approval`));
    expect(rubber).toHaveLength(1);
    const keys = (await h.db.adminQuery("SELECT key FROM posted_findings WHERE status = 'done'")).rows.map(
      (r) => r.key,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.some((key: string) => key.startsWith(`rubber-stamp-approval:${rubberStamped}/UAPPROVER1:`))).toBe(true);
  }, 60_000);
});
