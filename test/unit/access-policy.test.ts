import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyContext, PolicyRequest } from '../../src/domain/policy/access-policy.ts';
import { routingOf } from '../../src/domain/policy/policy-routing.ts';
import { CedarAccessPolicy } from '../../src/policy/cedar-access-policy.ts';
import { formatProblem, loadPolicyFolder } from '../../src/policy/policy-folder.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
const HOUR = 3_600_000;

const context = (overrides: Partial<PolicyContext> = {}): PolicyContext => ({
  duration: 1800,
  accessLevel: 'read',
  targetUser: '',
  ticket: {
    key: 'OPS-1',
    project: 'OPS',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assigneeEmail: 'riley@acme.test',
    requesterIsAssignee: true,
  },
  hour: 10,
  weekday: 2,
  ...overrides,
});

const ask = (
  policy: CedarAccessPolicy,
  tenant: string,
  overrides: Partial<PolicyRequest> & { ctx?: Partial<PolicyContext> } = {},
) =>
  policy.decide({
    action: 'request',
    principal: { id: 'U0RILEY01', email: 'riley@acme.test', groups: [] },
    tenant,
    ...overrides,
    context: context(overrides.ctx),
  });
const ids = (decision: { determining: { id: string }[] }) => decision.determining.map((policy) => policy.id);

async function folderWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'grantdesk-policy-'));
  for (const name of ['schema.cedarschema', 'tenants.yaml']) {
    await writeFile(join(directory, name), await readFile(join(EXAMPLES, name), 'utf8'));
  }
  for (const [name, text] of Object.entries(files)) await writeFile(join(directory, name), text);
  return directory;
}

describe('the example policy folder', () => {
  let policy: CedarAccessPolicy;
  beforeAll(async () => {
    const loaded = await loadPolicyFolder(EXAMPLES);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    policy = CedarAccessPolicy.fromFolder(loaded.folder);
  });

  it('names each policy by its @id, with its file and line, and the groups it mentions', () => {
    expect(policy.groups.slice().sort()).toEqual(['S0EUSUPPORT', 'approvers']);
    expect(policy.groupsFor('request')).toEqual(['S0EUSUPPORT']);
    expect(policy.groupsFor('approve')).toEqual(['approvers']);
    const request = ask(policy, 'globex');
    expect(request.determining).toEqual([
      expect.objectContaining({ id: 'standard-request', effect: 'permit', file: '10-requests.cedar', line: 9 }),
    ]);
  });

  it('refuses EU tenants to staff outside eu-support, with the reason, and allows eu-support', () => {
    const outside = ask(policy, 'initech-eu');
    expect(outside.allowed).toBe(false);
    expect(ids(outside)).toEqual(['eu-staff-only']);
    expect(outside.determining[0]?.annotations.reason).toBe(
      'EU tenants are for the eu-support group; ask in #eu-access',
    );
    const inside = ask(policy, 'initech-eu', {
      principal: { id: 'U0EU', email: null, groups: ['S0EUSUPPORT'] },
    });
    expect(inside.allowed).toBe(true);
    expect(ids(inside)).toEqual(['standard-request']);
  });

  it('refuses write access on a regulated tenant and allows read, and write on a standard one', () => {
    expect(ids(ask(policy, 'first-bank', { ctx: { accessLevel: 'write' } }))).toEqual(['no-write-on-regulated']);
    expect(ask(policy, 'first-bank', { ctx: { accessLevel: 'write' } }).allowed).toBe(false);
    expect(ask(policy, 'first-bank').allowed).toBe(true);
    expect(ask(policy, 'globex', { ctx: { accessLevel: 'write' } }).allowed).toBe(true);
  });

  it('treats an unlisted tenant as tier "unlisted", which the standard policy covers', () => {
    expect(policy.tenantAttributes('nobody')).toEqual({ tier: 'unlisted' });
    expect(ids(ask(policy, 'nobody'))).toEqual(['standard-request']);
  });

  it('auto-approves a sandbox read for the ticket assignee for an hour at most, and nothing else', () => {
    const auto = (tenant: string, ctx: Partial<PolicyContext> = {}) =>
      ask(policy, tenant, { action: 'auto_approve', ctx }).allowed;
    expect(auto('wonka-trial')).toBe(true);
    expect(auto('wonka-trial', { duration: 3600 })).toBe(true);
    expect(auto('wonka-trial', { duration: 3601 })).toBe(false);
    expect(auto('wonka-trial', { accessLevel: 'write' })).toBe(false);
    expect(auto('wonka-trial', { ticket: { ...context().ticket, requesterIsAssignee: false } })).toBe(false);
    expect(auto('globex')).toBe(false);
  });

  it('routes a bank with both permitting policies: the most approvals, the shortest maximum, the first channel', () => {
    const decision = ask(policy, 'first-bank');
    expect(ids(decision)).toEqual(['regulated-request', 'bank-request']);
    expect(routingOf(decision.determining)).toEqual({
      approverChannelId: 'C0REGULATD',
      requiredApprovals: 2,
      maxDurationMs: HOUR,
      maxDurationPolicy: 'bank-request',
    });
    expect(routingOf(ask(policy, 'globex').determining)).toEqual({
      approverChannelId: null,
      requiredApprovals: null,
      maxDurationMs: 4 * HOUR,
      maxDurationPolicy: 'standard-request',
    });
  });

  it('lets the configured approvers approve, but not a request of their own', () => {
    const approve = (groups: string[], requester: string) =>
      policy.decide({
        action: 'approve',
        principal: { id: 'U0AVERY01', email: null, groups },
        tenant: 'globex',
        context: { ...context(), requester, approvalsSoFar: 0 },
      }).allowed;
    expect(approve(['approvers'], 'U0RILEY01')).toBe(true);
    expect(approve([], 'U0RILEY01')).toBe(false);
    expect(approve(['approvers'], 'U0AVERY01')).toBe(false);
  });
});

describe('the default policy (no POLICY_DIR)', () => {
  const policy = CedarAccessPolicy.fromSettings({
    requiredApprovals: 2,
    maxDurationMs: 8 * HOUR,
    approverChannelId: 'C0APPROVAL',
  });

  it('lets anyone request any tenant, routed as the settings say, and never auto-approves', () => {
    const decision = ask(policy, 'anything', { ctx: { accessLevel: 'write' } });
    expect(decision.allowed).toBe(true);
    expect(ids(decision)).toEqual(['default-request']);
    expect(routingOf(decision.determining)).toMatchObject({
      approverChannelId: 'C0APPROVAL',
      requiredApprovals: 2,
      maxDurationMs: 8 * HOUR,
    });
    expect(ask(policy, 'anything', { action: 'auto_approve' }).allowed).toBe(false);
    expect(ask(policy, 'anything', { action: 'break_glass' }).allowed).toBe(false);
  });

  it('lets the configured approvers approve and nobody else', () => {
    const approve = (groups: string[]) =>
      policy.decide({
        action: 'approve',
        principal: { id: 'U2', email: null, groups },
        tenant: 't',
        context: context(),
      });
    expect(approve(['approvers']).allowed).toBe(true);
    expect(approve([]).allowed).toBe(false);
  });
});

describe('a folder that fails validation', () => {
  it('names the file, the line and the problem for a syntax error', async () => {
    const directory = await folderWith({
      'a.cedar':
        'permit (principal, action, resource);\n\nforbid (principal, action, resource)\nwhen { context.hour == };\n',
    });
    const loaded = await loadPolicyFolder(directory);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map(formatProblem)).toEqual([expect.stringMatching(/^a\.cedar:4: .*unexpected token/)]);
  });

  it('names a policy that reads an attribute the schema does not declare, and a bad routing annotation', async () => {
    const directory = await folderWith({
      'a.cedar': '@id("ok")\npermit (principal, action, resource);\n',
      'b.cedar':
        '@id("typo")\npermit (principal, action == Grantdesk::Action::"request", resource)\nwhen { resource.teir == "sandbox" };\n',
      'c.cedar': '@id("slow")\n@max_duration("soon")\npermit (principal, action, resource);\n',
    });
    const loaded = await loadPolicyFolder(directory);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const lines = loaded.problems.map(formatProblem);
    expect(lines).toEqual([expect.stringMatching(/^c\.cedar:1: policy "slow": @max_duration\("soon"\)/)]);
    const fixed = await folderWith({
      'a.cedar': '@id("ok")\npermit (principal, action, resource);\n',
      'b.cedar':
        '@id("typo")\npermit (principal, action == Grantdesk::Action::"request", resource)\nwhen { resource.teir == "sandbox" };\n',
    });
    const validated = await loadPolicyFolder(fixed);
    expect(validated.ok).toBe(false);
    if (validated.ok) return;
    expect(validated.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^b\.cedar:3: policy "typo": .*teir/),
    ]);
  });

  it('refuses two policies with one id, a tenant whose attributes do not fit the schema, and a missing schema', async () => {
    const twins = await folderWith({
      'a.cedar': '@id("x")\npermit (principal, action, resource);\n@id("x")\nforbid (principal, action, resource);\n',
    });
    const loaded = await loadPolicyFolder(twins);
    expect(!loaded.ok && loaded.problems.map(formatProblem)).toEqual([
      'a.cedar:3: policy id "x" is also used at a.cedar:1: give each policy its own @id',
    ]);
    const badTenant = await folderWith({
      'a.cedar': 'permit (principal, action, resource);\n',
      'tenants.yaml': 'acme: {tier: standard}\nbeta: {tier: 3}\n',
    });
    const tenants = await loadPolicyFolder(badTenant);
    expect(!tenants.ok && tenants.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^tenants\.yaml:2: .*`tier`.*"beta"/),
    ]);
    const directory = await mkdtemp(join(tmpdir(), 'grantdesk-policy-'));
    await writeFile(join(directory, 'a.cedar'), 'permit (principal, action, resource);\n');
    const noSchema = await loadPolicyFolder(directory);
    expect(!noSchema.ok && noSchema.problems.map(formatProblem)).toEqual([
      'schema.cedarschema: schema.cedarschema is missing: the policies are validated against it',
    ]);
  });
});
