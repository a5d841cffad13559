import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDate } from '../../src/domain/zoned-time.ts';
import {
  AUDITORS,
  COMPLIANCE_CHANNEL,
  type ComplianceHarness,
  complianceSettings,
  createComplianceHarness,
} from '../support/compliance-harness.ts';
import { SEEDED_ANOMALIES, type SeededWeek, seedWeek } from '../support/digest-week-seed.ts';
import { staff } from '../support/services-harness.ts';

const DAY = 24 * 3_600_000;
/** A scan that looks back over the whole seeded week. */
const settings = { ...complianceSettings, scanLookbackMs: 8 * DAY };

let h: ComplianceHarness;
let seeded: SeededWeek;
beforeAll(async () => {
  h = await createComplianceHarness();
  seeded = await seedWeek(h, { year: 2026, week: 45 });
  h.clock.set(new Date(seeded.end.getTime() + 60_000));
});
afterAll(() => h.close());

const alerts = () => h.slack.messages(COMPLIANCE_CHANNEL);
const postedKeys = async () =>
  (await h.db.adminQuery("SELECT key FROM posted_findings WHERE status = 'done' ORDER BY key")).rows.map((r) => r.key);
const refuseAgain = () =>
  h.services
    .recordUse({ grantId: seeded.ids.normal, actor: staff('UREQUESTER'), ipAddress: null, userAgent: null })
    .catch(() => undefined);

describe('anomaly alerts, on Postgres and the fake Slack', () => {
  it('posts new findings at once, HIGH ones apart and mentioning the auditors', async () => {
    const outcome = await h.replica('replica-a', { settings }).scanAnomalies();
    expect(outcome).toEqual({
      outcome: 'scanned',
      found: SEEDED_ANOMALIES.length,
      posted: SEEDED_ANOMALIES.length,
      messages: 2,
    });
    const [high, rest] = alerts();
    expect(high?.text).toContain(`<@${AUDITORS.userIds[0]}> <!subteam^${AUDITORS.usergroupId}>`);
    expect(JSON.stringify(high?.blocks)).toContain('Refused access');
    expect(JSON.stringify(high?.blocks)).toContain('People: <@UREQUESTER>');
    expect(rest?.text).not.toContain('subteam');
    expect(JSON.stringify(rest?.blocks)).toContain('Rubber-stamp approval');
    expect(await postedKeys()).toHaveLength(SEEDED_ANOMALIES.length);
  });

  it('posts nothing the second time, from any replica', async () => {
    const outcome = await h.replica('replica-b', { settings }).scanAnomalies();
    expect(outcome).toMatchObject({ found: SEEDED_ANOMALIES.length, posted: 0, messages: 0 });
    expect(alerts()).toHaveLength(2);
  });

  it('posts a new finding once when replicas scan together', async () => {
    h.clock.advance(DAY);
    await refuseAgain();
    const outcomes = await Promise.all(
      ['replica-c', 'replica-d', 'replica-e'].map((owner) => h.replica(owner, { settings }).scanAnomalies()),
    );
    expect(outcomes.map((o) => (o.outcome === 'scanned' ? o.posted : -1)).reduce((a, b) => a + b)).toBe(1);
    expect(alerts()).toHaveLength(3);
  });

  it('lets one replica scan per schedule tick', async () => {
    const firedAt = h.clock.now();
    const [first, second] = await Promise.all([
      h.replica('replica-f', { settings }).scanAnomalies({ firedAt }),
      h.replica('replica-g', { settings }).scanAnomalies({ firedAt }),
    ]);
    expect([first?.outcome, second?.outcome].sort()).toEqual(['scanned', 'skipped']);
  });

  it('reposts a finding whose poster crashed after claiming it, once the claim is stale, not before', async () => {
    h.clock.advance(DAY);
    await refuseAgain();
    const key = `refused-access:UREQUESTER/${seeded.ids.normal}:${zonedDate(h.clock.now(), 'Europe/Paris')}`;
    await h.db.adminQuery(
      `INSERT INTO posted_findings (key, status, claimed_by, claimed_at) VALUES ($1, 'claimed', 'crashed', now())`,
      [key],
    );
    expect(await h.replica('replica-h', { settings }).scanAnomalies()).toMatchObject({ posted: 0 });
    await h.db.adminQuery(`UPDATE posted_findings SET claimed_at = now() - interval '11 minutes' WHERE key = $1`, [
      key,
    ]);
    expect(await h.replica('replica-i', { settings }).scanAnomalies()).toMatchObject({ posted: 1 });
    expect(await h.replica('replica-j', { settings }).scanAnomalies()).toMatchObject({ posted: 0 });
    expect(await postedKeys()).toContain(key);
  });
});
