/**
 * bench/console-gate: what the console gate costs (DESIGN.md §5, issue 13), against a bare Express handler that
 * returns a constant, measured in the same run.
 *
 * Two `grantdesk serve` replicas and the bare app each run in a process of their own (gate-servers.ts), and the HTTP
 * load of 1. comes from one more (http-load-process.ts), so no load shares an event loop or a collector with what it
 * measures. This process makes the sessions (through the use cases, on the replicas' database: the replicas learn of
 * them as of any change, by notification) and plays the console of 2. and 3.
 * 1. GET …/check on replica B over HTTP, open loop at a fixed rate (default 2,000 requests/s from 50 keep-alive
 *    connections), latency counted from when each request was due, so a stall is not hidden; then the most each
 *    serves from the same connections in a closed loop, and the ratio of the two throughputs. The bare app the same.
 * 2. The client's requireImpersonation with a warm cache (its stream open to replica B): the time of one call of
 *    the middleware against one call of a pass-through handler, and the /check calls it made (0 when warm).
 * 3. Revoke → refusing: POST …/end through replica A, then the middleware (pointed at replica B) asked until it
 *    refuses; the time from sending the end to the first refusal, over N revokes.
 *
 *   npm run bench:console-gate -- [--seconds 10] [--rate 2000] [--connections 50] [--calls 20000] [--revokes 100]
 *
 * Postgres: DATABASE_URL (a server where it may create and drop databases), else postgres://postgres@127.0.0.1:5432;
 * the bench makes its database afresh (--database, default grantdesk_bench_gate). Redis: REDIS_URL, else
 * redis://127.0.0.1:6379; when none answers, the replicas queue on BullMQ's Postgres backend.
 */

import { parseArgs } from 'node:util';
import pg from 'pg';
import { GrantdeskClient } from '../clients/console/src/grantdesk-client.ts';
import {
  type GateRequest,
  type GateResponse,
  requireImpersonation,
} from '../clients/console/src/require-impersonation.ts';
import { createApiToken } from '../src/app/create-api-token.ts';
import { createServices } from '../src/app/services.ts';
import { createSequelize } from '../src/db/database.ts';
import { migrateUp } from '../src/db/migrator.ts';
import { createStores } from '../src/db/stores.ts';
import { randomIds, systemClock } from '../src/system-clock.ts';
import { withDatabase } from '../test/support/test-services.ts';
import { APPROVER, REQUESTER } from './bench-fakes.ts';
import { cpuPerRequest, loadFromProcess } from './gate-load.ts';
import { startGateServers } from './gate-servers.ts';
import { type Figures, summary } from './http-load.ts';
import type { LoadResult } from './http-load-process.ts';
import { printRunEnd, printRunStart, ratioOf } from './run-header.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'grantdesk_bench_gate' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '50' },
    calls: { type: 'string', default: '20000' },
    revokes: { type: 'string', default: '100' },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const CONNECTIONS = Number(values.connections);
const CALLS = Number(values.calls);
const REVOKES = Number(values.revokes);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = withDatabase(adminUrl, String(values.database));
const redisCandidate = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ms = (n: number, digits = 2) => n.toFixed(digits);

async function freshDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${values.database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${values.database}`);
  await admin.end();
}

async function main() {
  printRunStart('console-gate');
  await freshDatabase();
  const sequelize = createSequelize(databaseUrl, undefined, 20);
  await migrateUp(sequelize);
  const stores = createStores(sequelize, randomIds);
  const services = createServices({
    sequelize,
    stores,
    tracker: {
      getTicket: async (key) => ({
        key,
        summary: key,
        status: 'In Progress',
        statusCategory: 'indeterminate',
        assignee: null,
        url: `https://jira.example.test/browse/${key}`,
      }),
      addComment: async () => undefined,
    },
    access: { isApprover: async () => true, isAuditor: async () => true },
    clock: systemClock,
    ids: randomIds,
    policy: {
      minDurationMs: 300_000,
      defaultDurationMs: 3_600_000,
      maxDurationMs: 28_800_000,
      requiredApprovals: 1,
      pendingTtlMs: 14_400_000,
      expiryWarningMs: 300_000,
    },
    ticketPolicy: { allowedProjects: [], requireOpen: true },
  });
  const servers = await startGateServers(databaseUrl, redisCandidate);
  console.log(
    `# two serve replicas, queues on ${servers.queues}; the bare app and the load each in a process of its own`,
  );
  const { secret } = await createApiToken(
    { unitOfWork: stores.unitOfWork, clock: systemClock, ids: randomIds },
    {
      name: 'bench-console',
      scopes: ['sessions:write'],
      tenant: null,
      expiresInMs: 3_600_000,
      actor: { kind: 'system', id: 'bench' },
    },
  );
  // Each session acts as a user of its own: a requester may have one open grant per tenant and user.
  let sessions = 0;
  const session = async () => {
    sessions += 1;
    const { grant } = await services.requestGrant({
      requesterId: REQUESTER,
      requesterEmail: 'requester@example.test',
      tenant: 'acme-corp',
      targetUser: `user-${sessions}@acme.test`,
      reason: 'Benchmark of the console gate',
      ticketKey: 'OPS-1',
      durationMs: 3_600_000,
    });
    await services.approveGrant({ grantId: grant.id, approver: { kind: 'staff', id: APPROVER, email: null } });
    return grant.id;
  };

  const id = await session();
  const checkUrl = `${servers.replicaB}/api/v1/impersonation/sessions/${id}/check`;
  const auth = { authorization: `Bearer ${secret}` };
  // The replica learns of the new session by notification: wait until it answers that it is active.
  while (!((await (await fetch(checkUrl, { headers: auth })).json()) as { active: boolean }).active) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  const load = { seconds: SECONDS, rate: RATE, connections: CONNECTIONS };
  const check = await loadFromProcess(checkUrl, auth, load, servers.pids.replicaB);
  const bare = await loadFromProcess(servers.bare, {}, load, servers.pids.bare);
  console.log(
    `\n1. GET …/check over HTTP, open loop at ${RATE} requests/s from ${CONNECTIONS} connections, ${SECONDS} s each (ms from due time)`,
  );
  console.log('| target | requests | p50 | p99 | max | not 200 |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, figures] of [
    ['/check', check.fixedRate],
    ['bare Express constant', bare.fixedRate],
  ] as const) {
    console.log(
      `| ${name} | ${figures.n} | ${ms(figures.p50)} | ${ms(figures.p99)} | ${ms(figures.max)} | ${figures.failed} |`,
    );
  }
  const rates = (r: LoadResult) => `${Math.round(r.fixedRate.achievedRate)}`;
  console.log(`rate achieved (requests/s): /check ${rates(check)}, bare ${rates(bare)}`);
  console.log(
    `server CPU per request, all of its threads (ms): /check ${cpuPerRequest(check)}, bare ${cpuPerRequest(bare)}`,
  );
  const late = (f: Figures) => `p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)}`;
  console.log(
    `the load process's own timer lateness (ms, in the figures above): /check run ${late(check.fixedRate.timerLateness)}; bare run ${late(bare.fixedRate.timerLateness)}`,
  );
  console.log(`/check p99 ratio to bare: ${ratioOf(check.fixedRate.p99, bare.fixedRate.p99)}`);
  console.log(
    `throughput, ${CONNECTIONS} connections in a closed loop: /check ${Math.round(check.closedLoopRate)} requests/s, bare ${Math.round(bare.closedLoopRate)} requests/s, ratio /check ÷ bare ${ratioOf(check.closedLoopRate, bare.closedLoopRate)}`,
  );

  let checks = 0;
  const counted: typeof fetch = (input, init) => {
    if (String(input).endsWith('/check')) checks += 1;
    return fetch(input, init);
  };
  const client = new GrantdeskClient({ baseUrl: servers.replicaB, token: secret, fetch: counted });
  const gate = requireImpersonation({
    client,
    sessionId: (req) => (req as GateRequest & { sessionId: string }).sessionId,
  });
  await gate.gate.whenStreaming();
  const refused = { status: 0 };
  const res: GateResponse = {
    status(code: number) {
      refused.status = code;
      return res;
    },
    json: () => undefined,
  };
  const call = async (sessionId: string) => {
    let passed = false;
    refused.status = 0;
    await gate({ sessionId, ip: '127.0.0.1', headers: { 'user-agent': 'bench' } } as GateRequest, res, () => {
      passed = true;
    });
    return passed;
  };
  const timed = async (work: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < CALLS; i += 1) {
      const t0 = performance.now();
      await work();
      samples.push(performance.now() - t0);
    }
    return summary(samples);
  };
  if (!(await call(id))) throw new Error('the middleware refused an active session');
  const checksBefore = checks;
  const passThrough = await timed(async () => undefined);
  const middleware = await timed(() => call(id));
  console.log(`\n2. requireImpersonation with a warm cache, ${CALLS} calls (ms per call)`);
  console.log(`| handler | p50 | p99 | max |\n|---|---|---|---|`);
  console.log(`| pass-through | ${ms(passThrough.p50, 4)} | ${ms(passThrough.p99, 4)} | ${ms(passThrough.max, 4)} |`);
  console.log(
    `| requireImpersonation | ${ms(middleware.p50, 4)} | ${ms(middleware.p99, 4)} | ${ms(middleware.max, 4)} |`,
  );
  console.log(
    `middleware p99 overhead: ${ms(middleware.p99 - passThrough.p99, 4)} ms; /check calls during the run: ${checks - checksBefore}`,
  );

  const cutOff: number[] = [];
  for (let i = 0; i < REVOKES; i += 1) {
    const revoked = await session();
    while (!(await call(revoked))) await new Promise((resolve) => setTimeout(resolve, 5));
    const t0 = performance.now();
    const ended = fetch(`${servers.replicaA}/api/v1/impersonation/sessions/${revoked}/end`, {
      method: 'POST',
      headers: auth,
    });
    while (await call(revoked)) await new Promise((resolve) => setImmediate(resolve));
    cutOff.push(performance.now() - t0);
    if ((await ended).status !== 200) throw new Error('the end was refused');
  }
  const revoke = summary(cutOff);
  console.log(`\n3. POST …/end through replica A → the middleware (on replica B) refusing, ${revoke.n} revokes (ms)`);
  console.log(
    `p50 ${ms(revoke.p50, 1)}, p99 ${ms(revoke.p99, 1)}, max ${ms(revoke.max, 1)}; refused with ${refused.status}`,
  );

  await gate.close();
  await servers.close();
  await sequelize.close();
  printRunEnd();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
