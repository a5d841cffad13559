/**
 * One request per need, on Postgres: the request use case refuses a second request for a tenant and target user the
 * requester already has PENDING or ACTIVE, naming the first and storing nothing, and the database's unique index
 * decides between requests that race past that first look.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../../migrations/20261208003100-one-open-grant-per-need.ts';
import { DuplicateRequestError } from '../../src/domain/duplicate-request.ts';
import { openGrant } from '../../src/domain/grant-request.ts';
import { aRequest, createHarness, type Harness, staff } from '../support/services-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.db.drop());

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await h.db.adminQuery(sql, params)).rows[0]?.count ?? 0);
}

async function refusal(request: Promise<unknown>): Promise<DuplicateRequestError> {
  const error = await request.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DuplicateRequestError);
  return error as DuplicateRequestError;
}

describe('a second request for the same need', () => {
  it('while the first is PENDING: request_pending, naming it; nothing stored, no event', async () => {
    const need = { tenant: 'pending-corp', targetUser: 'jane@pending.test' };
    const { grant: first } = await h.services.requestGrant(aRequest(need));
    const error = await refusal(h.services.requestGrant(aRequest({ ...need, durationMs: 60 * 60_000 })));
    expect(error.code).toBe('request_pending');
    expect(error.existing.id).toBe(first.id);
    expect(error.message).toContain(first.shortCode);
    expect(await count("SELECT count(*) FROM grants WHERE tenant = 'pending-corp'")).toBe(1);
    expect(await count("SELECT count(*) FROM audit_events WHERE tenant = 'pending-corp'")).toBe(1);
  });

  it('while the first is ACTIVE: already_active, naming it; once it ends, the need may be asked for again', async () => {
    const need = { tenant: 'active-corp', targetUser: null };
    const { grant: first } = await h.services.requestGrant(aRequest(need));
    await h.services.approveGrant({ grantId: first.id, approver: staff('UAPPROVER1') });
    const error = await refusal(h.services.requestGrant(aRequest(need)));
    expect(error.code).toBe('already_active');
    expect(error.existing).toMatchObject({ id: first.id, status: 'ACTIVE' });
    await h.services.endGrant({ grantId: first.id, actor: staff('UREQUESTER') });
    const { grant: second } = await h.services.requestGrant(aRequest(need));
    expect(second.id).not.toBe(first.id);
  });

  it('another requester, another user of the tenant, or no user at all is a need of its own', async () => {
    await h.services.requestGrant(aRequest({ tenant: 'shared-corp', targetUser: 'jane@shared.test' }));
    await h.services.requestGrant(aRequest({ tenant: 'shared-corp', targetUser: 'joe@shared.test' }));
    await h.services.requestGrant(aRequest({ tenant: 'shared-corp', targetUser: null }));
    await h.services.requestGrant(
      aRequest({ tenant: 'shared-corp', targetUser: 'jane@shared.test', requesterId: 'UOTHER' }),
    );
    expect(await count("SELECT count(*) FROM grants WHERE tenant = 'shared-corp'")).toBe(4);
  });

  it('a redelivery of the same request (its request key) gets its grant back, not a refusal', async () => {
    const request = aRequest({ tenant: 'retry-corp', requestKey: 'trigger-1' });
    const first = await h.services.requestGrant(request);
    const again = await h.services.requestGrant(request);
    expect(again).toMatchObject({ duplicate: true, grant: { id: first.grant.id } });
  });

  it('ten requests at once: one is stored, nine are told which', async () => {
    const need = { tenant: 'race-corp', targetUser: 'jane@race.test' };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => h.services.requestGrant(aRequest(need))),
    );
    const stored = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.grant.id] : []));
    expect(stored).toHaveLength(1);
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refused).toHaveLength(9);
    for (const error of refused) {
      expect(error).toBeInstanceOf(DuplicateRequestError);
      expect((error as DuplicateRequestError).existing.id).toBe(stored[0]);
    }
    expect(await count("SELECT count(*) FROM grants WHERE tenant = 'race-corp'")).toBe(1);
  });

  it('the database refuses what gets past the first look: the insert names the grant open for the need', async () => {
    const need = { tenant: 'index-corp', targetUser: 'jane@index.test' };
    const { grant: first } = await h.services.requestGrant(aRequest(need));
    const { grant: second } = openGrant(
      randomUUID(),
      { requesterId: 'UREQUESTER', requesterEmail: null, ...need, reason: 'Straight to the store', durationMs: 60_000 },
      first.ticket,
      new Date(),
    );
    const outcome = await h.stores.unitOfWork.run((scope) => scope.grants.insert(second, null));
    expect(outcome).toEqual({ openForNeedId: first.id });
    await expect(
      h.db.adminQuery(
        `INSERT INTO grants (id, short_code, requester_id, tenant, target_user, reason, ticket_key, ticket,
           requested_duration_ms, status, requested_at, expiry_version)
         SELECT gen_random_uuid(), 'G-RAWRAW', requester_id, tenant, target_user, reason, ticket_key, ticket,
           requested_duration_ms, 'PENDING', now(), 0 FROM grants WHERE id = $1`,
        [first.id],
      ),
    ).rejects.toThrow(/grants_one_open_per_need/);
  });
});

describe('the migration', () => {
  it('stops, naming them, when grants are already open twice for one need; migrates once they are settled', async () => {
    const context = h.db.sequelize.getQueryInterface();
    await down({ context });
    const { grant: first } = await h.services.requestGrant(aRequest({ tenant: 'legacy-corp', targetUser: null }));
    // As a release without the rule could have stored it: a second request for the same need.
    const { grant: twin } = openGrant(
      randomUUID(),
      { ...first, durationMs: 60_000 },
      first.ticket,
      new Date(first.requestedAt.getTime() + 1),
    );
    await h.stores.unitOfWork.run((scope) => scope.grants.insert(twin, null));
    await expect(up({ context })).rejects.toThrow(
      `Grants open twice for one need: ${first.shortCode}, ${twin.shortCode}`,
    );
    await h.services.cancelGrant({ grantId: twin.id, actor: staff('UREQUESTER') });
    await up({ context });
    await refusal(h.services.requestGrant(aRequest({ tenant: 'legacy-corp', targetUser: null })));
  });
});
