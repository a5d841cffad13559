/**
 * `grantdesk digest run` as operators (or three replicas' cron) run it: real processes (node bin/grantdesk.js) on one
 * Postgres, posting to the fake Slack over HTTP. The week is two weeks before today, seeded through the use cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWeeks, formatIsoWeek, weekToReport } from '../../src/domain/iso-week.ts';
import { COMPLIANCE_CHANNEL, type ComplianceHarness, createComplianceHarness } from '../support/compliance-harness.ts';
import { SEEDED_ANOMALIES, type SeededWeek, seedWeek } from '../support/digest-week-seed.ts';
import { runGrantdesk, runGrantdeskHere } from '../support/run-cli.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const WEEK = addWeeks(weekToReport(new Date(), 'Europe/Paris'), -1);
const LABEL = formatIsoWeek(WEEK);

let h: ComplianceHarness;
let seeded: SeededWeek;
let env: Record<string, string>;
beforeAll(async () => {
  h = await createComplianceHarness();
  seeded = await seedWeek(h, WEEK);
  env = {
    DATABASE_URL: h.db.url,
    SLACK_BOT_TOKEN: 'xoxb-digest-e2e',
    SLACK_API_URL: h.slack.url,
    COMPLIANCE_CHANNEL_ID: COMPLIANCE_CHANNEL,
    AUDITOR_USER_IDS: 'U0AUDITOR1',
    DIGEST_TIMEZONE: 'Europe/Paris',
  };
}, 60_000);
afterAll(() => h.close());

const digests = () => h.slack.topLevelMessages(COMPLIANCE_CHANNEL).filter((m) => m.blocks.length > 0);

// Each test starts Node processes through tsx: seconds each on a loaded two-core machine.
describe('grantdesk digest run', { timeout: 90_000 }, () => {
  it('posts a week once when three processes run it together, with every part of the digest', async () => {
    const results = await Promise.all([1, 2, 3].map(() => runGrantdesk(['digest', 'run', '--week', LABEL], env)));
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    const said = results.map((r) => r.stdout.trim());
    expect(said.filter((line) => line.includes('was posted to'))).toHaveLength(1);
    expect(said.filter((line) => /already posted|is being posted/.test(line))).toHaveLength(2);

    expect(digests()).toHaveLength(1);
    const [digest] = digests();
    const text = JSON.stringify(digest?.blocks);
    for (const part of [
      `Weekly access digest ${LABEL}`,
      `*Sessions*\\n${seeded.sessions} (+300% vs 1 the week before)`,
      '*Active now*\\n',
      '*Average duration*\\n',
      '*Denials*\\n1',
      '*Lapses*\\n1',
      'Ended normally: 2',
      '1. <@UREQUESTER> (urequester@example.test): 4',
      '*12-month trend*',
      `*Anomalies (${SEEDED_ANOMALIES.length})*`,
      '*Audit chain head*\\nseq `',
    ]) {
      expect(text).toContain(part);
    }
    const head = (await h.db.adminQuery("SELECT details FROM audit_events WHERE type = 'DIGEST_POSTED'")).rows;
    expect(head).toHaveLength(1);
    expect(text).toContain(`sha256 \`${head[0].details.chainHead.hash}\``);

    const files = h.slack.files();
    expect(files.map((f) => [f.filename, f.threadTs])).toEqual([
      [`grantdesk-sessions-${LABEL}.png`, digest?.ts],
      [`grantdesk-sessions-${LABEL}.csv`, digest?.ts],
    ]);
    const png = files[0]!.bytes;
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 640]);
    expect(png.length).toBeGreaterThan(10_000);
    const csv = files[1]!.bytes.toString('utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^session_id,short_code,admin_email,/);
    expect(
      csv
        .slice(1)
        .map((line) => line.split(',')[0])
        .sort(),
    ).toEqual([seeded.ids.normal, seeded.ids.rubberStamped, seeded.ids.offHours, seeded.ids.active].sort());
  });

  it('reposts only with --force', async () => {
    const again = await runGrantdeskHere(['digest', 'run', '--week', LABEL], env);
    expect(again.stdout).toContain(`The ${LABEL} digest was already posted at`);
    expect(digests()).toHaveLength(1);
    const forced = await runGrantdeskHere(['digest', 'run', '--week', LABEL, '--force'], env);
    expect(forced.stdout).toContain(`The ${LABEL} digest was posted to ${COMPLIANCE_CHANNEL}`);
    expect(digests()).toHaveLength(2);
  });

  it('posts once a week whose poster crashed after claiming it', async () => {
    const week = formatIsoWeek(addWeeks(WEEK, -1));
    await h.db.adminQuery(
      `INSERT INTO schedule_runs (kind, period, status, claimed_by, claimed_at)
       VALUES ('weekly-digest', $1, 'claimed', 'crashed-replica:4242', now() - interval '11 minutes')`,
      [week],
    );
    const before = digests().length;
    const results = await Promise.all([1, 2].map(() => runGrantdesk(['digest', 'run', '--week', week], env)));
    expect(results.filter((r) => r.stdout.includes('was posted to'))).toHaveLength(1);
    expect(digests()).toHaveLength(before + 1);
    const [run] = (await h.db.adminQuery('SELECT status, attempts FROM schedule_runs WHERE period = $1', [week])).rows;
    expect(run).toEqual({ status: 'done', attempts: 2 });
  });

  it('explains misuse', async () => {
    const bad = await runGrantdeskHere(['digest', 'run', '--week', '2026-43'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--week: expected an ISO week like 2026-W43, got "2026-43"');
    const unconfigured = await runGrantdeskHere(['digest', 'run'], { DATABASE_URL: h.db.url });
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.stderr).toContain('SLACK_BOT_TOKEN: required for grantdesk digest run');
    expect(unconfigured.stderr).toContain('COMPLIANCE_CHANNEL_ID: required for grantdesk digest run');
  });
});
