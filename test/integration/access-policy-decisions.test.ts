import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadAccessPolicy } from '../../src/app/reload-access-policy.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createStores, type Stores } from '../../src/db/stores.ts';
import { GrantdeskError } from '../../src/domain/errors.ts';
import { ConfiguredGroupDirectory } from '../../src/policy/configured-group-directory.ts';
import { loadAccessPolicy } from '../../src/policy/load-access-policy.ts';
import { ReloadableAccessPolicy } from '../../src/policy/reloadable-access-policy.ts';
import { randomIds } from '../../src/system-clock.ts';
import {
  aRequest,
  InMemoryTracker,
  ManualClock,
  StaticAccess,
  staff,
  testPolicy,
} from '../support/services-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
const HOUR = 3_600_000;
const EU_SUPPORT = 'UEUSUPPORT';

let db: TestDatabase;
let services: Services;
let stores: Stores;
let holder: ReloadableAccessPolicy;
let folder: string;
const clock = new ManualClock();

async function load() {
  return loadAccessPolicy({
    policyDir: folder,
    requiredApprovals: 1,
    maxDurationMs: 8 * HOUR,
    approverChannelId: undefined,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'grantdesk-policy-'));
  await cp(EXAMPLES, folder, { recursive: true });
  const loaded = await load();
  if (!loaded.ok) throw new Error('the example policy folder does not load');
  holder = new ReloadableAccessPolicy(loaded.policy);
  const tracker = new InMemoryTracker();
  tracker.add('OPS-123');
  const mine = { ...(tracker.tickets.get('OPS-123') as NonNullable<ReturnType<typeof tracker.tickets.get>>) };
  tracker.tickets.set('OPS-7', { ...mine, key: 'OPS-7', assignee: 'urequester@example.test' });
  const access = new StaticAccess();
  const usergroups = {
    isMember: async (userId: string, group: string) => group === 'S0EUSUPPORT' && userId === EU_SUPPORT,
  };
  stores = createStores(db.sequelize, randomIds);
  services = createServices({
    sequelize: db.sequelize,
    stores,
    tracker,
    access,
    clock,
    ids: randomIds,
    policy: testPolicy,
    ticketPolicy: { allowedProjects: [], requireOpen: true },
    accessPolicy: holder,
    groups: new ConfiguredGroupDirectory(access, usergroups),
  });
});

afterAll(async () => {
  await db?.drop();
});

async function refusal(work: Promise<unknown>): Promise<GrantdeskError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GrantdeskError);
  return error as GrantdeskError;
}

const refusedRequests = async (tenant: string) =>
  (await stores.audit.page({ types: ['ACCESS_REFUSED'], tenant }, 0, 50)).filter(
    (event) => event.details.attempted === 'request',
  );

describe('a request decided by the access policy', () => {
  it('is refused with the forbidding policy reason, audited with its id, and stores no grant', async () => {
    const error = await refusal(services.requestGrant(aRequest({ tenant: 'initech-eu' })));
    expect(error.code).toBe('policy_refused');
    expect(error.message).toBe('EU tenants are for the eu-support group; ask in #eu-access');
    const [audited] = await refusedRequests('initech-eu');
    expect(audited?.details).toMatchObject({
      code: 'policy_refused',
      policyIds: ['eu-staff-only'],
      accessLevel: 'read',
    });
    expect(audited?.grantId).toBeNull();
    const grants = await db.sequelize.query("SELECT 1 FROM grants WHERE tenant = 'initech-eu'");
    expect(grants[0]).toHaveLength(0);
  });

  it('is allowed for a member of the eu-support usergroup', async () => {
    const { grant, events } = await services.requestGrant(
      aRequest({ tenant: 'initech-eu', requesterId: EU_SUPPORT, requesterEmail: 'eu@example.test' }),
    );
    expect(grant.status).toBe('PENDING');
    expect(events[0]?.details).toMatchObject({ policyIds: ['standard-request'], accessLevel: 'read' });
  });

  it('starts a sandbox read for the ticket assignee at once, approved by policy', async () => {
    const { grant, events } = await services.requestGrant(
      aRequest({ tenant: 'wonka-trial', ticketKey: 'OPS-7', durationMs: HOUR }),
    );
    expect(grant).toMatchObject({ status: 'ACTIVE', approvedByPolicy: 'sandbox-assignee-read', approvals: [] });
    expect(grant.expiresAt).toEqual(new Date(clock.now().getTime() + HOUR));
    expect(events.map((event) => event.type)).toEqual(['GRANT_REQUESTED', 'IMPERSONATION_START']);
    expect(events[1]).toMatchObject({
      actor: { kind: 'system', id: 'policy:sandbox-assignee-read' },
      details: { approvedByPolicy: 'sandbox-assignee-read', policyIds: ['sandbox-assignee-read'] },
    });
    expect((await stores.grants.findById(grant.id))?.approvedByPolicy).toBe('sandbox-assignee-read');
  });

  it('waits for an approver when the requester is not the assignee, or asks for more than an hour', async () => {
    const notMine = await services.requestGrant(aRequest({ tenant: 'wonka-trial', durationMs: HOUR }));
    expect(notMine.grant.status).toBe('PENDING');
    const long = await services.requestGrant(
      aRequest({ tenant: 'wonka-trial', ticketKey: 'OPS-7', durationMs: 2 * HOUR }),
    );
    expect(long.grant.status).toBe('PENDING');
  });

  it('routes a bank to its channel with two approvals, the strictest of the two permitting policies', async () => {
    const { grant } = await services.requestGrant(aRequest({ tenant: 'first-bank', durationMs: HOUR }));
    const stored = await stores.grants.findById(grant.id);
    expect(stored).toMatchObject({ requiredApprovals: 2, approverChannelId: 'C0REGULATD', status: 'PENDING' });
    const first = await services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    expect(first.grant.status).toBe('PENDING');
    expect(first.events[0]?.details).toMatchObject({ approvals: 1, required: 2, policyIds: ['approvers-approve'] });
    const second = await services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER2') });
    expect(second.grant.status).toBe('ACTIVE');
  });

  it('refuses a bank request over the shortest maximum, naming the policy', async () => {
    const error = await refusal(services.requestGrant(aRequest({ tenant: 'first-bank', durationMs: 2 * HOUR })));
    expect(error.code).toBe('invalid_duration');
    expect(error.message).toContain('at most 1h (policy bank-request)');
  });

  it('refuses write access on a regulated tenant and keeps write access on a standard one', async () => {
    const error = await refusal(
      services.requestGrant(aRequest({ tenant: 'first-bank', durationMs: HOUR, accessLevel: 'write' })),
    );
    expect(error.message).toContain('Write access to regulated tenants is not granted');
    const audited = (await refusedRequests('first-bank')).find((event) => event.details.code === 'policy_refused');
    expect(audited?.details).toMatchObject({ policyIds: ['no-write-on-regulated'], accessLevel: 'write' });
    const { grant } = await services.requestGrant(aRequest({ tenant: 'globex', accessLevel: 'write' }));
    expect((await stores.grants.findById(grant.id))?.accessLevel).toBe('write');
  });

  it('lets only those the approve policy names approve', async () => {
    const { grant } = await services.requestGrant(aRequest({ tenant: 'globex' }));
    const error = await refusal(services.approveGrant({ grantId: grant.id, approver: staff('UOUTSIDER') }));
    expect(error.code).toBe('not_approver');
    const approved = await services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER3') });
    expect(approved.grant.status).toBe('ACTIVE');
  });
});

describe('reloading the policy folder', () => {
  const warnings: string[][] = [];
  const reload = () =>
    reloadAccessPolicy({
      unitOfWork: stores.unitOfWork,
      ids: randomIds,
      clock,
      holder,
      load,
      warn: async (_text, problems) => void warnings.push(problems),
    });

  it('records POLICY_LOADED with the new hash, and nothing when the set is unchanged', async () => {
    const before = holder.hash;
    await writeFile(
      join(folder, '60-more.cedar'),
      '@id("globex-write")\npermit (principal, action == Grantdesk::Action::"request", resource);\n',
    );
    expect((await reload()).outcome).toBe('loaded');
    expect(holder.hash).not.toBe(before);
    const [loaded] = await stores.audit.page({ types: ['POLICY_LOADED'] }, 0, 10);
    // The example folder's nine policies and the one written above.
    expect(loaded?.details).toMatchObject({ hash: holder.hash, policies: 10, tenants: 11, trigger: 'reload' });
    expect((await reload()).outcome).toBe('unchanged');
    expect(await stores.audit.page({ types: ['POLICY_LOADED'] }, 0, 10)).toHaveLength(1);
  });

  it('keeps the set in force when the folder no longer validates, and says why', async () => {
    const inForce = holder.hash;
    await writeFile(
      join(folder, '60-more.cedar'),
      'permit (principal, action, resource) when { resource.teir == "x" };\n',
    );
    const result = await reload();
    expect(result.outcome).toBe('kept');
    expect(result.problems).toEqual([expect.stringMatching(/^60-more\.cedar:1: .*teir/)]);
    expect(warnings.at(-1)).toEqual(result.problems);
    expect(holder.hash).toBe(inForce);
    const error = await refusal(services.requestGrant(aRequest({ tenant: 'initech-eu' })));
    expect(error.code).toBe('policy_refused');
  });
});
