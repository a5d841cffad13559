/**
 * The services object is what every adapter calls: use cases only. A store or a setting on it would let an adapter
 * read or write past the rules (src/db/stores.ts hands stores to the infrastructure that needs one, by name).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRequest, createHarness, type Harness } from '../support/services-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

afterAll(async () => {
  await h.db.drop();
});

describe('the services object', () => {
  it('holds functions only, and none of the stores', () => {
    const notFunctions = Object.entries(h.services).filter(([, member]) => typeof member !== 'function');
    expect(notFunctions.map(([name]) => name)).toEqual([]);
    expect(Object.keys(h.services)).not.toContain('grants');
    expect(Object.keys(h.services)).not.toContain('unitOfWork');
  });

  it('looks a grant up through use cases: by what a person typed, by id, and says when there is none', async () => {
    const { grant } = await h.services.requestGrant(aRequest());
    const stored = await h.stores.grants.findById(grant.id);
    expect(await h.services.findGrant({ reference: grant.shortCode })).toEqual(stored);
    expect(await h.services.getGrant({ grantId: grant.id })).toEqual(stored);
    expect(await h.services.grantStatus({ grantId: grant.id })).toBe('PENDING');
    const missing = await h.services.findGrant({ reference: 'G-ZZZZZZ' }).catch((error: unknown) => error);
    expect((missing as { code?: string }).code).toBe('grant_not_found');
    expect(await h.services.getGrant({ grantId: '00000000-0000-4000-8000-000000000000' })).toBeUndefined();
  });
});
