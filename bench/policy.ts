/**
 * bench/policy: what access policy adds to a request's path, with 200 policies and 10,000 tenants.
 *
 * The request path's policy step is what requestGrant runs between checking the ticket and storing the grant:
 * decideRequest (the requester's groups, the `request` and `auto_approve` decisions) and admitRequest (refusal,
 * routing, auto-approval). The same step is timed, interleaved in one run, against the policy generated from the
 * settings (no POLICY_DIR) and against a folder of 200 policies over 10,000 tenants written to a temporary folder and
 * loaded as `serve` loads it. The added latency is the difference between the two, per percentile. Tenants are drawn
 * at random so decisions hit every tier, region and tag; the database is not involved (it is the same either way).
 *
 *   npm run bench:policy -- [--requests 20000] [--policies 200] [--tenants 10000]
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decideRequest } from '../src/app/access-decisions.ts';
import type { TicketSnapshot } from '../src/domain/grant.ts';
import type { AccessPolicy } from '../src/domain/policy/access-policy.ts';
import { admitRequest } from '../src/domain/policy/admission.ts';
import { CedarAccessPolicy } from '../src/policy/cedar-access-policy.ts';
import { loadAccessPolicy } from '../src/policy/load-access-policy.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    policies: { type: 'string', default: '200' },
    tenants: { type: 'string', default: '10000' },
  },
});
const REQUESTS = Number(values.requests);
const POLICIES = Number(values.policies);
const TENANTS = Number(values.tenants);
const HOUR = 3_600_000;
const TIERS = ['sandbox', 'standard', 'regulated'];
const REGIONS = ['us', 'eu', 'apac'];

/** The example folder, plus generated per-team and per-tag policies up to POLICIES, over TENANTS tenants. */
async function writeFolder(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'grantdesk-bench-policy-'));
  await cp(new URL('../examples/policy/', import.meta.url).pathname, directory, { recursive: true });
  const generated: string[] = [];
  for (let i = 0; generated.length + 8 < POLICIES; i += 1) {
    generated.push(
      i % 2 === 0
        ? `@id("team-${i}")\n@max_duration("${1 + (i % 8)}h")\npermit (principal in Grantdesk::Group::"S0TEAM${i}", action == Grantdesk::Action::"request", resource)\nwhen { resource has tags && resource.tags.contains("team-${i}") };\n`
        : `@id("hours-${i}")\n@reason("Tag tag-${i} is closed outside working hours")\nforbid (principal, action == Grantdesk::Action::"request", resource)\nwhen { resource has tags && resource.tags.contains("tag-${i}") && (context.hour < 6 || context.hour > 22) };\n`,
    );
  }
  await writeFile(join(directory, '90-generated.cedar'), generated.join('\n'));
  const tenants = Array.from({ length: TENANTS }, (_, i) => {
    const tags = [`team-${(i % 100) * 2}`, `tag-${(i % 100) * 2 + 1}`, ...(i % 17 === 0 ? ['bank'] : [])];
    return `tenant-${i}: {tier: ${TIERS[i % 3]}, region: ${REGIONS[i % 3 === 0 ? 1 : i % 3]}, tags: [${tags.join(', ')}]}`;
  });
  await writeFile(join(directory, 'tenants.yaml'), `${tenants.join('\n')}\n`);
  return directory;
}

const ticket: TicketSnapshot = {
  key: 'OPS-1',
  summary: 'Customer issue',
  status: 'In Progress',
  statusCategory: 'indeterminate',
  assignee: 'riley@acme.test',
  url: 'https://jira.example.test/browse/OPS-1',
};
const groups = { groupsOf: async (_userId: string, named: readonly string[]) => named.filter((g) => g === 'S0TEAM4') };

/** One request's policy step, as requestGrant runs it; refusals are part of the path (and are timed too). */
async function policyStep(accessPolicy: AccessPolicy, tenant: string): Promise<void> {
  const facts = {
    requesterId: 'U0RILEY01',
    requesterEmail: 'riley@acme.test',
    tenant,
    targetUser: null,
    durationMs: HOUR,
    accessLevel: 'read' as const,
    ticket,
    at: new Date(),
  };
  const decisions = await decideRequest({ accessPolicy, groups, timeZone: 'Europe/Paris' }, facts);
  try {
    admitRequest({ ...facts, ...decisions });
  } catch {
    // A refused request costs the same decision; it is timed like an admitted one.
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function main(): Promise<void> {
  const load = loadavg()[0]?.toFixed(1);
  const folder = await writeFolder();
  const loadStart = performance.now();
  const loaded = await loadAccessPolicy({
    policyDir: folder,
    requiredApprovals: 1,
    maxDurationMs: 8 * HOUR,
    approverChannelId: undefined,
  });
  if (!loaded.ok) throw new Error(`the generated folder does not load: ${loaded.problems[0]?.message}`);
  const loadMs = performance.now() - loadStart;
  const withFolder = loaded.policy;
  const withoutFolder = CedarAccessPolicy.fromSettings({ requiredApprovals: 1, maxDurationMs: 8 * HOUR });
  const times = { folder: [] as number[], settings: [] as number[] };
  // Warm both (JIT, wasm) before timing; then interleave so load on the machine falls on both alike.
  for (let i = 0; i < 500; i += 1) {
    await policyStep(withFolder, `tenant-${i}`);
    await policyStep(withoutFolder, `tenant-${i}`);
  }
  for (let i = 0; i < REQUESTS; i += 1) {
    const tenant = `tenant-${Math.floor(Math.random() * TENANTS)}`;
    for (const [name, policy] of i % 2 === 0
      ? ([
          ['folder', withFolder],
          ['settings', withoutFolder],
        ] as const)
      : ([
          ['settings', withoutFolder],
          ['folder', withFolder],
        ] as const)) {
      const start = performance.now();
      await policyStep(policy, tenant);
      times[name].push(performance.now() - start);
    }
  }
  const stats = (samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
  };
  const folderStats = stats(times.folder);
  const settingsStats = stats(times.settings);
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(`npm run bench:policy -- --requests ${REQUESTS} --policies ${POLICIES} --tenants ${TENANTS}`);
  console.log(
    `load average at start: ${load}; policy set: ${withFolder.size} policies, ${loaded.tenants} tenants, loaded and validated in ${loadMs.toFixed(0)} ms`,
  );
  console.log(
    `policy step, POLICY_DIR:      p50 ${ms(folderStats.p50)}  p99 ${ms(folderStats.p99)}  max ${ms(folderStats.max)}`,
  );
  console.log(
    `policy step, no POLICY_DIR:   p50 ${ms(settingsStats.p50)}  p99 ${ms(settingsStats.p99)}  max ${ms(settingsStats.max)}`,
  );
  console.log(
    `added by the folder:          p50 ${ms(folderStats.p50 - settingsStats.p50)}  p99 ${ms(folderStats.p99 - settingsStats.p99)} (target p99 < 2 ms for the whole step)`,
  );
}

await main();
