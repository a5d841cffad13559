import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/domain/audit-chain.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';
import { aRequest, createHarness, type Harness, staff } from '../support/services-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.db.drop());

async function allEvents(): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const batch of h.stores.audit.inOrder()) events.push(...batch);
  return events;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const result = await h.db.adminQuery(sql, params);
  return Number(result.rows[0]?.count ?? 0);
}

describe('a grant from request to end, on Postgres', () => {
  it('stores the request with its audit event and side effects, then activates, records use and ends', async () => {
    const { grant } = await h.services.requestGrant(aRequest());
    expect(grant.status).toBe('PENDING');
    expect(await count('SELECT count(*) FROM outbox WHERE key = $1', [`lapse:${grant.id}`])).toBe(1);

    h.clock.advance(60_000);
    const approval = await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    expect(approval.changed).toBe(true);
    expect(approval.grant.status).toBe('ACTIVE');
    expect(approval.grant.startTime).toEqual(h.clock.now());
    expect(approval.grant.expiresAt).toEqual(new Date(h.clock.now().getTime() + 30 * 60_000));
    expect(approval.events.map((e) => e.type)).toEqual(['GRANT_APPROVAL_ADDED', 'IMPERSONATION_START']);

    const stored = await h.stores.grants.findById(grant.id);
    expect(stored).toEqual(approval.grant);

    await h.services.recordUse({
      grantId: grant.id,
      actor: staff('UREQUESTER'),
      ipAddress: '10.0.0.7',
      userAgent: 'UA/1',
    });
    await h.services.recordUse({
      grantId: grant.id,
      actor: staff('UREQUESTER'),
      ipAddress: '10.9.9.9',
      userAgent: 'UA/2',
    });
    await h.services.recordAction({ grantId: grant.id, actor: staff('UREQUESTER'), action: 'Reset MFA for jane' });
    const used = await h.stores.grants.findById(grant.id);
    expect([used?.ipAddress, used?.userAgent]).toEqual(['10.0.0.7', 'UA/1']);
    expect(await count('SELECT count(*) FROM grant_uses WHERE grant_id = $1', [grant.id])).toBe(2);
    expect((await h.stores.grants.actionsOf(grant.id)).map((a) => a.action)).toEqual(['Reset MFA for jane']);

    h.clock.advance(10 * 60_000);
    const ended = await h.services.endGrant({ grantId: grant.id, actor: staff('UREQUESTER') });
    expect(ended.grant).toMatchObject({ status: 'ENDED', endReason: 'NORMAL', endTime: h.clock.now() });
    const again = await h.services.endGrant({ grantId: grant.id, actor: staff('UREQUESTER') });
    expect(again.changed).toBe(false);

    const trail = (await h.stores.audit.byGrant(grant.id)).map((e) => e.type);
    expect(trail).toEqual([
      'GRANT_REQUESTED',
      'GRANT_APPROVAL_ADDED',
      'IMPERSONATION_START',
      'GRANT_USED',
      'GRANT_USED',
      'IMPERSONATION_ACTION',
      'IMPERSONATION_END',
    ]);
    const keys = (
      await h.db.adminQuery('SELECT key FROM outbox WHERE payload->>$1 = $2 ORDER BY id', ['grantId', grant.id])
    ).rows.map((r) => String(r.key).split(':')[0]);
    expect(keys.filter((k) => k === 'expire' || k === 'warn' || k === 'lapse').sort()).toEqual([
      'expire',
      'lapse',
      'warn',
    ]);
    expect(keys.filter((k) => k === 'jira')).toHaveLength(2);
    expect(verifyChain(await allEvents()).ok).toBe(true);
  });

  it('refuses a request whose ticket does not exist and stores nothing', async () => {
    const before = await count('SELECT count(*) FROM grants');
    const auditBefore = await count('SELECT count(*) FROM audit_events');
    await expect(h.services.requestGrant(aRequest({ ticketKey: 'OPS-404' }))).rejects.toMatchObject({
      code: 'ticket_not_found',
    });
    h.tracker.down = true;
    await expect(h.services.requestGrant(aRequest())).rejects.toMatchObject({ code: 'tracker_unavailable' });
    h.tracker.down = false;
    await expect(h.services.requestGrant(aRequest({ reason: 'too short' }))).rejects.toMatchObject({
      code: 'invalid_reason',
    });
    expect(await count('SELECT count(*) FROM grants')).toBe(before);
    expect(await count('SELECT count(*) FROM audit_events')).toBe(auditBefore);
  });

  it('returns the same grant when Slack retries a request with the same key', async () => {
    const first = await h.services.requestGrant(aRequest({ requestKey: 'trigger-1' }));
    const retry = await h.services.requestGrant(aRequest({ requestKey: 'trigger-1' }));
    expect(retry.duplicate).toBe(true);
    expect(retry.grant.id).toBe(first.grant.id);
    expect(await count('SELECT count(*) FROM grants WHERE request_key = $1', ['trigger-1'])).toBe(1);
  });

  it('records self-approval as ACCESS_REFUSED and leaves the grant pending', async () => {
    const { grant } = await h.services.requestGrant(aRequest());
    await expect(h.services.approveGrant({ grantId: grant.id, approver: staff('UREQUESTER') })).rejects.toMatchObject({
      code: 'self_approval',
    });
    await expect(h.services.approveGrant({ grantId: grant.id, approver: staff('USTRANGER') })).rejects.toMatchObject({
      code: 'not_approver',
    });
    expect((await h.stores.grants.findById(grant.id))?.status).toBe('PENDING');
    const refusals = (await h.stores.audit.byGrant(grant.id)).filter((e) => e.type === 'ACCESS_REFUSED');
    expect(refusals.map((e) => [e.actor.id, e.severity, e.details.attempted])).toEqual([
      ['UREQUESTER', 'HIGH', 'approve'],
      ['USTRANGER', 'HIGH', 'approve'],
    ]);
  });

  it('refuses a use after expiry even before the expiry job ran, and audits the attempt', async () => {
    const { grant } = await h.services.requestGrant(aRequest());
    await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    h.clock.advance(30 * 60_000);
    await expect(
      h.services.recordUse({ grantId: grant.id, actor: staff('UREQUESTER'), ipAddress: '10.0.0.1', userAgent: 'x' }),
    ).rejects.toMatchObject({ code: 'grant_not_active' });
    const expired = await h.services.expireGrant({ grantId: grant.id, version: 1 });
    expect(expired.grant).toMatchObject({ status: 'ENDED', endReason: 'EXPIRED' });
    expect((await h.services.expireGrant({ grantId: grant.id, version: 1 })).changed).toBe(false);
  });
});

/**
 * Each race runs 20 times, as separate tests: Vitest's `repeats` option adds an abort listener per repeat to one
 * signal and warns of a leak (MaxListenersExceededWarning).
 */
const ROUNDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('concurrency is decided by the row lock', () => {
  it.for(ROUNDS)(
    'gives 20 concurrent approvals of one grant exactly one transition and one set of audit rows (round %i)',
    async () => {
      const { grant } = await h.services.requestGrant(aRequest());
      const approvers = ['UAPPROVER1', 'UAPPROVER2', 'UAPPROVER3'];
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          h.services.approveGrant({ grantId: grant.id, approver: staff(approvers[i % 3]!) }),
        ),
      );
      const changed = results.filter((r) => r.status === 'fulfilled' && r.value.changed);
      expect(changed).toHaveLength(1);
      const types = (await h.stores.audit.byGrant(grant.id)).map((e) => e.type);
      expect(types.filter((t) => t === 'IMPERSONATION_START')).toHaveLength(1);
      expect(types.filter((t) => t === 'GRANT_APPROVAL_ADDED')).toHaveLength(1);
      expect(await count(`SELECT count(*) FROM outbox WHERE key LIKE $1`, [`expire:${grant.id}:%`])).toBe(1);
    },
  );

  it.for(ROUNDS)('lets an approval and a lapse race and records exactly one outcome (round %i)', async () => {
    const { grant } = await h.services.requestGrant(aRequest());
    h.clock.advance(4 * 3_600_000 - 1);
    const [approved, lapsed] = await Promise.allSettled([
      h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') }),
      h.services.lapseGrant({ grantId: grant.id }),
    ]);
    h.clock.advance(1);
    const final = await h.stores.grants.findById(grant.id);
    const types = (await h.stores.audit.byGrant(grant.id)).map((e) => e.type);
    // The clock is before the TTL, so the approval wins and the lapse finds nothing to do.
    expect(approved.status === 'fulfilled' && approved.value.changed).toBe(true);
    expect(lapsed.status === 'fulfilled' && lapsed.value.changed).toBe(false);
    expect(final?.status).toBe('ACTIVE');
    expect(types.filter((t) => t === 'GRANT_LAPSED')).toHaveLength(0);
  });

  it.for(ROUNDS)('lets an end race the expiry and ends the grant exactly once (round %i)', async () => {
    const { grant } = await h.services.requestGrant(aRequest());
    await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    h.clock.advance(30 * 60_000);
    const results = await Promise.allSettled([
      h.services.expireGrant({ grantId: grant.id, version: 1 }),
      h.services.endGrant({ grantId: grant.id, actor: staff('UREQUESTER') }),
      h.services.expireGrant({ grantId: grant.id }),
      h.services.revokeGrant({ grantId: grant.id, approver: staff('UAPPROVER2'), reason: 'incident over' }),
    ]);
    const changed = results.filter((r) => r.status === 'fulfilled' && r.value.changed);
    expect(changed).toHaveLength(1);
    const ends = (await h.stores.audit.byGrant(grant.id)).filter((e) => e.type === 'IMPERSONATION_END');
    expect(ends).toHaveLength(1);
    expect(verifyChain(await allEvents()).ok).toBe(true);
  });

  it('ends grants due together in batches, racing per-grant expiry, each exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const { grant } = await h.services.requestGrant(aRequest());
      await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
      ids.push(grant.id);
    }
    h.clock.advance(30 * 60_000);
    const results = await Promise.all([
      h.services.expireDueGrants({ limit: 10 }),
      h.services.expireDueGrants({ limit: 10 }),
      ...ids.slice(0, 10).map((grantId) => h.services.expireGrant({ grantId, version: 1 })),
      h.services.expireDueGrants({ limit: 50 }),
    ]);
    // Earlier tests in this file left grants of their own due as well: count only this test's.
    const endedByBatches = results.flatMap((r) => (Array.isArray(r) ? r : [])).filter((id) => ids.includes(id));
    const endedOneByOne = results.filter((r) => !Array.isArray(r) && r.changed).length;
    expect(endedByBatches.length + endedOneByOne).toBe(30);
    expect(new Set(endedByBatches).size).toBe(endedByBatches.length);
    for (const grantId of ids) {
      expect(await h.stores.grants.findById(grantId)).toMatchObject({ status: 'ENDED', endReason: 'EXPIRED' });
      const ends = (await h.stores.audit.byGrant(grantId)).filter((e) => e.type === 'IMPERSONATION_END');
      expect(ends).toHaveLength(1);
    }
    expect(await h.services.expireDueGrants({ limit: 50 })).toEqual([]);
    expect(verifyChain(await allEvents()).ok).toBe(true);
  });
});
