import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRequest, createHarness, type Harness, staff } from '../support/services-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.db.drop());

/**
 * The expiry job's first look (GrantQueries.expiryLook), on Postgres: its grant's committed status, and whether a
 * batch claim would find a due grant that no transaction holds. Rows a batch is ending right now are not counted,
 * so the jobs of a storm skip the claim while the batches already under way hold every due grant.
 */
describe('the expiry look', () => {
  it('sees due grants that no transaction holds, not those a batch holds, and the grant ended once committed', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { grant } = await h.services.requestGrant(aRequest());
      await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
      ids.push(grant.id);
    }
    const [first] = ids as [string];
    expect(await h.services.expiryLook({ grantId: first })).toEqual({ status: 'ACTIVE', othersDue: false });

    h.clock.advance(30 * 60_000);
    expect(await h.services.expiryLook({ grantId: first })).toEqual({ status: 'ACTIVE', othersDue: true });

    // A batch claim holds both rows until its transaction ends (here without changing them).
    let held: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const claim = h.stores.unitOfWork.run(async (scope) => {
      const due = await scope.grants.lockDue(h.clock.now(), 10);
      held();
      await released;
      return due.map((grant) => grant.id);
    });
    await holding;
    expect(await h.services.expiryLook({ grantId: first })).toEqual({ status: 'ACTIVE', othersDue: false });
    release();
    expect((await claim).sort()).toEqual([...ids].sort());
    expect(await h.services.expiryLook({ grantId: first })).toEqual({ status: 'ACTIVE', othersDue: true });

    expect((await h.services.expireDueGrants({ limit: 10 })).sort()).toEqual([...ids].sort());
    expect(await h.services.expiryLook({ grantId: first })).toEqual({ status: 'ENDED', othersDue: false });
  });
});
