import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { addWeeks, isoWeekOf } from '../../src/domain/iso-week.ts';
import { RULE_TITLES } from '../../src/slack/blocks/anomaly-finding-section.ts';
import { COMPLIANCE_CHANNEL, type ComplianceHarness, createComplianceHarness } from '../support/compliance-harness.ts';
import { SEEDED_ANOMALIES, type SeededWeek, seedWeek } from '../support/digest-week-seed.ts';

const WEEK = { year: 2026, week: 45 };
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let h: ComplianceHarness;
let seeded: SeededWeek;
beforeAll(async () => {
  h = await createComplianceHarness();
  seeded = await seedWeek(h, WEEK);
  // Monday 00:05 in Paris, just after the week, while Sunday night's session still runs.
  h.clock.set(new Date('2026-11-08T23:05:00Z'));
});
afterAll(() => h.close());

const runs = async () =>
  (await h.db.adminQuery("SELECT * FROM schedule_runs WHERE kind = 'weekly-digest' ORDER BY period")).rows;
const digestMessages = () => h.slack.topLevelMessages(COMPLIANCE_CHANNEL).filter((m) => m.blocks.length > 0);

describe('the weekly digest, on Postgres and the fake Slack', () => {
  it('posts the last complete week with its stats, trend, anomalies, chain head, chart and CSV', async () => {
    const outcome = await h.replica('replica-a').runDigest({ firedAt: h.clock.now() });
    expect(outcome).toMatchObject({
      outcome: 'posted',
      week: '2026-W45',
      partial: false,
      channelId: COMPLIANCE_CHANNEL,
    });

    const [message] = digestMessages();
    const text = JSON.stringify(message?.blocks);
    for (const part of [
      'Weekly access digest 2026-W45',
      '2026-11-02 to 2026-11-08 (Europe/Paris)',
      '*Sessions*\\n4 (+300% vs 1 the week before)',
      '*Active now*\\n1',
      '*Requests*\\n6',
      '*Denials*\\n1',
      '*Lapses*\\n1',
      'Still active: 1 · Ended normally: 2 · Forced (revoked, ticket closed): 0 · Expired: 1',
      '1. <@UREQUESTER> (urequester@example.test): 4',
      'Mon 02: 1 · Tue 03: 1 · Wed 04: 1 · Thu 05: 0 · Fri 06: 0 · Sat 07: 0 · Sun 08: 1',
      '2026-10 1',
      '2026-11 4',
      `*Anomalies (${SEEDED_ANOMALIES.length})*`,
      'Refused access',
      'Rubber-stamp approval',
    ]) {
      expect(text).toContain(part);
    }

    const audit = await h.stores.audit.byGrant(seeded.ids.normal);
    expect(audit.map((e) => e.type)).toContain('ACCESS_REFUSED');
    const [run] = await runs();
    expect(run).toMatchObject({ period: '2026-W45', status: 'done', claimed_by: 'replica-a', attempts: 1 });
    expect(run.details).toMatchObject({ messageTs: message?.ts, sessions: 4, anomalies: SEEDED_ANOMALIES.length });
    expect(text).toContain(`seq \`${run.details.chainHead.seq}\` · sha256 \`${run.details.chainHead.hash}\``);

    const files = h.slack.files();
    expect(files.map((f) => f.filename)).toEqual([
      'grantdesk-sessions-2026-W45.png',
      'grantdesk-sessions-2026-W45.csv',
    ]);
    expect(files.every((f) => f.threadTs === message?.ts && f.channelId === COMPLIANCE_CHANNEL)).toBe(true);
    expect([...files[0]!.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(files[0]!.bytes.length).toBeGreaterThan(10_000);
    const csv = files[1]!.bytes.toString('utf8').trim().split('\r\n');
    expect(csv).toHaveLength(1 + seeded.sessions);
    expect(csv[1]).toContain(`${seeded.ids.normal},`);
    expect(csv[1]).toContain(',ENDED,');
    const rubberStamped = csv.find((line) => line.startsWith(seeded.ids.rubberStamped));
    expect(rubberStamped).toMatch(/rubber-stamp-approval/);
    expect(rubberStamped).toMatch(/,write$/);
    expect(csv[0]).toMatch(/,access_level$/);
    expect(csv[1]).toMatch(/,read$/);
  });

  it('records DIGEST_POSTED in the audit trail, after the head it published, and the chain still verifies', async () => {
    const [run] = await runs();
    const posted = (await h.db.adminQuery("SELECT seq, details FROM audit_events WHERE type = 'DIGEST_POSTED'")).rows;
    expect(posted).toHaveLength(1);
    expect(Number(posted[0].seq)).toBe(run.details.chainHead.seq + 1);
    expect(posted[0].details).toMatchObject({ week: '2026-W45', messageTs: run.details.messageTs, forced: false });
    expect((await verifyAuditChain(h.stores.audit)).ok).toBe(true);
  });

  it('lists every seeded anomaly in the digest', async () => {
    const text = JSON.stringify(digestMessages()[0]?.blocks);
    const listed = [...text.matchAll(/\*([A-Z][a-z -]+)\* · (?:HIGH|MEDIUM|LOW)/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(SEEDED_ANOMALIES.map((rule) => RULE_TITLES[rule]).sort());
  });

  it('does not post a week twice, from this replica or another, unless forced', async () => {
    const again = await h.replica('replica-b').runDigest({ week: WEEK });
    expect(again).toMatchObject({ outcome: 'already-posted', week: '2026-W45', record: { status: 'done' } });
    expect(digestMessages()).toHaveLength(1);

    const forced = await h.replica('replica-b').runDigest({ week: WEEK, force: true });
    expect(forced.outcome).toBe('posted');
    expect(digestMessages()).toHaveLength(2);
    expect((await runs())[0]).toMatchObject({ status: 'done', claimed_by: 'replica-b', attempts: 2 });
  });

  it('takes over a claim whose holder crashed (older than the timeout), and posts it once', async () => {
    const week = { year: 2026, week: 44 };
    await h.db.adminQuery(
      `INSERT INTO schedule_runs (kind, period, status, claimed_by, claimed_at)
       VALUES ('weekly-digest', '2026-W44', 'claimed', 'crashed-replica', now() - interval '11 minutes')`,
    );
    const before = digestMessages().length;
    const outcomes = await Promise.all([
      h.replica('replica-c').runDigest({ week }),
      h.replica('replica-d').runDigest({ week }),
    ]);
    // The loser saw the winner's fresh claim (still posting) or its finished record.
    expect(outcomes.filter((o) => o.outcome === 'posted')).toHaveLength(1);
    expect(digestMessages()).toHaveLength(before + 1);
    const run = (await runs()).find((r) => r.period === '2026-W44');
    expect(run).toMatchObject({ status: 'done', attempts: 2 });
    expect(['replica-c', 'replica-d']).toContain(run.claimed_by);
  });

  it('leaves a fresh claim to its holder', async () => {
    await h.db.adminQuery(
      `INSERT INTO schedule_runs (kind, period, status, claimed_by, claimed_at)
       VALUES ('weekly-digest', '2026-W43', 'claimed', 'busy-replica', now() - interval '1 minute')`,
    );
    const before = digestMessages().length;
    const outcome = await h.replica('replica-e').runDigest({ week: { year: 2026, week: 43 } });
    expect(outcome).toMatchObject({ outcome: 'in-progress', record: { claimedBy: 'busy-replica' } });
    expect(digestMessages()).toHaveLength(before);
  });

  it('gives the claim back when posting fails, so the next run posts at once', async () => {
    const week = { year: 2026, week: 42 };
    h.slack.rateLimit('chat.postMessage', 0);
    await expect(h.replica('replica-f').runDigest({ week })).rejects.toThrow();
    h.slack.rateLimit('chat.postMessage', null);
    expect((await runs()).find((r) => r.period === '2026-W42')).toMatchObject({ status: 'failed' });
    expect(await h.replica('replica-g').runDigest({ week })).toMatchObject({ outcome: 'posted' });
  });

  it('posts the message once when its file upload fails (bot not in the channel): retries only upload the files', async () => {
    const week = { year: 2026, week: 41 };
    const before = digestMessages().length;
    h.slack.setBotMember(COMPLIANCE_CHANNEL, false);
    try {
      await expect(h.replica('replica-i').runDigest({ week })).rejects.toThrow(/not_in_channel/);
      await expect(h.replica('replica-j').runDigest({ week })).rejects.toThrow(/not_in_channel/);
    } finally {
      h.slack.setBotMember(COMPLIANCE_CHANNEL, true);
    }
    expect(digestMessages()).toHaveLength(before + 1);
    const message = digestMessages()[before]!;
    const failed = (await runs()).find((r) => r.period === '2026-W41');
    expect(failed).toMatchObject({ status: 'failed', details: { progress: { messageTs: message.ts } } });

    const outcome = await h.replica('replica-k').runDigest({ week });
    expect(outcome).toMatchObject({ outcome: 'posted', messageTs: message.ts });
    expect(digestMessages()).toHaveLength(before + 1);
    const files = h.slack.files().filter((file) => file.threadTs === message.ts);
    expect(files.map((file) => file.filename)).toEqual([
      expect.stringMatching(/\.png$/),
      expect.stringMatching(/\.csv$/),
    ]);
    expect((await runs()).find((r) => r.period === '2026-W41')).toMatchObject({ status: 'done', attempts: 3 });
    const posted = await h.db.adminQuery(
      `SELECT details FROM audit_events WHERE type = 'DIGEST_POSTED' AND details->>'week' = '2026-W41'`,
    );
    expect(posted.rows).toHaveLength(1);
    expect(posted.rows[0].details).toMatchObject({
      messageTs: message.ts,
      fileIds: outcome.outcome === 'posted' ? outcome.fileIds : [],
    });
  });

  it('posts the week in progress as a partial digest under its own record, and refuses a week not begun', async () => {
    const current = isoWeekOf(h.clock.now(), 'Europe/Paris');
    const partial = await h.replica('replica-h').runDigest({ week: current });
    expect(partial).toMatchObject({ outcome: 'posted', week: '2026-W46', partial: true });
    expect((await runs()).find((r) => r.period === '2026-W46-partial')).toMatchObject({ status: 'done' });
    await expect(h.replica('replica-h').runDigest({ week: addWeeks(current, 1) })).rejects.toThrow(/has not started/);
  });
});
