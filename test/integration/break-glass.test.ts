/**
 * Break-glass (DESIGN.md §7) through the use cases on Postgres, under the example policy folder (which lets one
 * on-call engineer break glass), then as the anomaly scan and the weekly digest see it, posted to the fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app/services.ts';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { AuditQueries } from '../../src/db/audit-store.ts';
import { GrantdeskError } from '../../src/domain/errors.ts';
import { ConfiguredGroupDirectory } from '../../src/policy/configured-group-directory.ts';
import { loadAccessPolicy } from '../../src/policy/load-access-policy.ts';
import { randomIds } from '../../src/system-clock.ts';
import { COMPLIANCE_CHANNEL, type ComplianceHarness, createComplianceHarness } from '../support/compliance-harness.ts';
import { aRequest, staff } from '../support/services-harness.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The on-call engineer examples/policy/60-break-glass.cedar lets break glass. */
const ONCALL = 'U0SAMPAT1';
const oncall = { requesterId: ONCALL, requesterEmail: 'sam@example.test' };

let h: ComplianceHarness;
let services: Services;

beforeAll(async () => {
  h = await createComplianceHarness();
  const loaded = await loadAccessPolicy({
    policyDir: EXAMPLES,
    requiredApprovals: 1,
    maxDurationMs: 8 * HOUR,
    approverChannelId: undefined,
  });
  if (!loaded.ok) throw new Error('the example policy folder does not load');
  h.tracker.add('OPS-9', 'done', 'Done');
  services = createServices({
    sequelize: h.db.sequelize,
    stores: h.stores,
    tracker: h.tracker,
    access: h.access,
    clock: h.clock,
    ids: randomIds,
    policy: { ...h.policy, breakGlassMaxDurationMs: HOUR, breakGlassReviewWithinMs: 24 * HOUR },
    ticketPolicy: { allowedProjects: [], requireOpen: true },
    accessPolicy: loaded.policy,
    groups: new ConfiguredGroupDirectory(h.access, null),
    timeZone: 'Europe/Paris',
  });
  // Monday 2 November 2026, 11:00 in Paris.
  h.clock.set(new Date('2026-11-02T10:00:00Z'));
});
afterAll(() => h?.close());

async function refusal(work: Promise<unknown>): Promise<GrantdeskError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof GrantdeskError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const grantsOn = async (tenant: string) =>
  Number((await h.db.adminQuery('SELECT count(*) FROM grants WHERE tenant = $1', [tenant])).rows[0]?.count);
const refusalsBy = async (id: string) =>
  (
    await h.db.adminQuery(
      "SELECT details FROM audit_events WHERE type = 'ACCESS_REFUSED' AND actor->>'id' = $1 ORDER BY seq",
      [id],
    )
  ).rows.map((row) => row.details as Record<string, unknown>);

describe('breaking glass', () => {
  let grantId: string;

  it('starts the grant at once, audited, with its expiry and its review reminder scheduled', async () => {
    const { grant, events } = await services.breakGlass(
      aRequest({ ...oncall, tenant: 'acme-corp', durationMs: 20 * MINUTE }),
    );
    grantId = grant.id;
    expect(grant).toMatchObject({ status: 'ACTIVE', breakGlass: true, review: null, approvals: [] });
    expect(events.map((e) => [e.type, e.severity])).toEqual([
      ['GRANT_BREAK_GLASS', 'HIGH'],
      ['IMPERSONATION_START', 'HIGH'],
    ]);
    expect(events[0]?.details).toMatchObject({ policyIds: ['oncall-break-glass'], durationMs: 20 * MINUTE });
    const stored = await h.stores.grants.findById(grant.id);
    expect(stored).toMatchObject({ status: 'ACTIVE', breakGlass: true, review: null });
    const keys = (
      await h.db.adminQuery("SELECT key FROM outbox WHERE payload->>'grantId' = $1 ORDER BY id", [grant.id])
    ).rows.map((row) => row.key);
    expect(keys).toEqual(
      expect.arrayContaining([`expire:${grant.id}:1`, `review-due:${grant.id}`, `notify:${events[0]?.id}`]),
    );
  });

  it('is refused to whoever no policy permits, audited, and stores nothing', async () => {
    const error = await refusal(services.breakGlass(aRequest({ tenant: 'globex' })));
    expect(error).toMatchObject({ code: 'policy_refused' });
    expect(error.message).toBe(
      'No access policy allows break-glass access to globex: ask your security team which policy should.',
    );
    expect(await grantsOn('globex')).toBe(0);
    expect(await refusalsBy('UREQUESTER')).toEqual([
      expect.objectContaining({ attempted: 'break_glass', code: 'policy_refused' }),
    ]);
  });

  it('is refused on a tenant the policy leaves out, and beyond its maximum or the policy’s, saying the limit', async () => {
    expect(await refusal(services.breakGlass(aRequest({ ...oncall, tenant: 'first-bank' })))).toMatchObject({
      code: 'policy_refused',
    });
    const tooLong = await refusal(services.breakGlass(aRequest({ ...oncall, tenant: 'hooli', durationMs: 2 * HOUR })));
    expect(tooLong.message).toContain('Break-glass access lasts at most 1h (you asked for 2h)');
    const overPolicy = await refusal(
      services.breakGlass(aRequest({ ...oncall, tenant: 'hooli', durationMs: 45 * MINUTE })),
    );
    expect(overPolicy.message).toContain('at most 30m under policy oncall-break-glass');
    expect(await grantsOn('first-bank')).toBe(0);
    expect(await grantsOn('hooli')).toBe(0);
  });

  it('still checks the Jira ticket', async () => {
    const error = await refusal(services.breakGlass(aRequest({ ...oncall, tenant: 'umbrella', ticketKey: 'OPS-9' })));
    expect(error).toMatchObject({ code: 'ticket_closed' });
    expect(await grantsOn('umbrella')).toBe(0);
  });

  it('returns the grant already made for a redelivered command', async () => {
    const first = await services.breakGlass(aRequest({ ...oncall, tenant: 'initech', requestKey: 'trigger-1' }));
    const again = await services.breakGlass(aRequest({ ...oncall, tenant: 'initech', requestKey: 'trigger-1' }));
    expect(again).toMatchObject({ duplicate: true, grant: { id: first.grant.id } });
    expect(await grantsOn('initech')).toBe(1);
  });

  it('holds one grant per need: a need already active is refused naming its grant', async () => {
    const first = await h.stores.grants.findById(grantId);
    const again = aRequest({ ...oncall, tenant: 'acme-corp', targetUser: first?.targetUser, durationMs: 10 * MINUTE });
    const error = await refusal(services.breakGlass(again));
    expect(error).toMatchObject({ code: 'already_active' });
    expect(error.message).toContain(`Extend it instead: /grant extend ${first?.shortCode}`);
  });

  it('is reviewed by an approver, not by the requester nor by other staff, once', async () => {
    const self = await refusal(
      services.reviewBreakGlass({ grantId, reviewer: staff(ONCALL), outcome: 'acknowledged', note: null }),
    );
    expect(self).toMatchObject({ code: 'self_approval' });
    const stranger = await refusal(
      services.reviewBreakGlass({ grantId, reviewer: staff('USTRANGER'), outcome: 'acknowledged', note: null }),
    );
    expect(stranger).toMatchObject({ code: 'not_approver' });

    h.clock.advance(2 * HOUR);
    const flagged = await services.reviewBreakGlass({
      grantId,
      reviewer: staff('UAPPROVER1'),
      outcome: 'flagged',
      note: 'No incident was open at the time',
    });
    expect(flagged.changed).toBe(true);
    expect(flagged.events.map((e) => [e.type, e.details.outcome, e.details.note])).toEqual([
      ['GRANT_REVIEWED', 'flagged', 'No incident was open at the time'],
    ]);
    expect((await h.stores.grants.findById(grantId))?.review).toMatchObject({
      reviewerId: 'UAPPROVER1',
      outcome: 'flagged',
      reviewedAt: h.clock.now(),
    });
    const again = await services.reviewBreakGlass({
      grantId,
      reviewer: staff('UAPPROVER1'),
      outcome: 'flagged',
      note: 'x',
    });
    expect(again).toMatchObject({ changed: false, events: [] });
    const trail = (await h.stores.audit.byGrant(grantId)).map((e) => [e.type, e.details.attempted ?? null]);
    expect(trail).toEqual([
      ['GRANT_BREAK_GLASS', null],
      ['IMPERSONATION_START', null],
      ['ACCESS_REFUSED', 'review'],
      ['ACCESS_REFUSED', 'review'],
      ['GRANT_REVIEWED', null],
    ]);
    expect(await verifyAuditChain(new AuditQueries(h.db.sequelize))).toMatchObject({ ok: true });
  });
});

describe('an unreviewed break-glass, as compliance sees it', () => {
  it('is a HIGH anomaly once BREAK_GLASS_REVIEW_WITHIN has passed, posted once; a reviewed one is not', async () => {
    // initech's break-glass (above) is still unreviewed; acme-corp's was reviewed within the day.
    h.clock.set(new Date('2026-11-03T10:30:00Z'));
    const first = await h.replica('replica-a').scanAnomalies();
    expect(first).toMatchObject({ outcome: 'scanned' });
    const posted = JSON.stringify(h.slack.messages(COMPLIANCE_CHANNEL).map((m) => m.blocks));
    expect(posted).toContain('Unreviewed break-glass');
    expect(posted).toContain('on initech by U0SAMPAT1 was not reviewed within 1d');
    expect(posted).not.toContain('on acme-corp by U0SAMPAT1 was not reviewed');
    const again = await h.replica('replica-b').scanAnomalies();
    expect(again).toMatchObject({ posted: 0 });
  });

  it('is listed in the weekly digest with every break-glass of the week and its review', async () => {
    h.clock.set(new Date('2026-11-08T23:05:00Z'));
    const outcome = await h.replica('replica-c').runDigest({ firedAt: h.clock.now() });
    expect(outcome).toMatchObject({ outcome: 'posted', week: '2026-W45' });
    const digest = h.slack
      .topLevelMessages(COMPLIANCE_CHANNEL)
      .find((m) => JSON.stringify(m.blocks).includes('Weekly access digest'));
    const text = JSON.stringify(digest?.blocks);
    expect(text).toContain('*Break-glass (2, 1 not reviewed)*');
    expect(text).toMatch(
      /G-\w+ by <@U0SAMPAT1> on \*acme-corp\* .*:triangular_flag_on_post: flagged by <@UAPPROVER1> \\"No incident was open at the time\\"/,
    );
    expect(text).toMatch(/G-\w+ by <@U0SAMPAT1> on \*initech\* .*:warning: \*not reviewed\*/);
  });
});

// Last, so that its break-glass does not count in the anomaly scan and the digest above.
describe('breaking glass over a request still waiting', () => {
  it('withdraws the requester’s own request still waiting for the same need, in the same transaction', async () => {
    const need = { ...oncall, tenant: 'acme-corp', targetUser: 'waiting@acme.test' };
    const { grant: waiting } = await services.requestGrant(aRequest(need));
    expect(waiting.status).toBe('PENDING');
    const { grant, superseded } = await services.breakGlass(aRequest({ ...need, durationMs: 10 * MINUTE }));
    expect(grant.status).toBe('ACTIVE');
    expect(superseded).toMatchObject({ id: waiting.id, status: 'CANCELLED' });
    expect((await h.stores.grants.findById(waiting.id))?.status).toBe('CANCELLED');
    const [cancelled] = (await h.stores.audit.byGrant(waiting.id)).filter((e) => e.type === 'GRANT_CANCELLED');
    expect(cancelled?.details).toEqual({ supersededBy: grant.id });
    expect(cancelled?.actor).toMatchObject({ kind: 'staff', id: ONCALL });
    expect((await verifyAuditChain(new AuditQueries(h.db.sequelize))).ok).toBe(true);
  });
});
