/**
 * bench/slack-ack: how fast Grantdesk acknowledges Slack, and how fast an Approve click shows on the card.
 *
 * Grantdesk runs as an operator runs it, `grantdesk serve` in a process of its own (Bolt over HTTP, real Postgres,
 * real Redis or BullMQ's Postgres backend, workers, outbox relay). Beside it, in the same run, a bare Bolt app on the
 * same receiver whose /grant listener only acknowledges (bench/bare-bolt-app.ts), also in a process of its own. This
 * process plays Slack and Jira (the protocol-level fakes of test/fakes) and sends the load.
 *
 * 1. Ack latency: bursts of N concurrent signed `/grant <tenant> OPS-123 30m <reason>` requests, each a real request
 *    that goes on to check Jira, store a grant and post a card, alternating with bursts to the bare app; latency is
 *    from sending a request to having its response. After each Grantdesk burst the bench waits until every request
 *    of it has become a card, so each burst of either app starts on an idle process. p50 and p99 of each, and ratios.
 * 2. Click → card: Approve on the cards those requests posted, first `--sequential-clicks` one at a time (the
 *    baseline), then `--clicks` of them `--click-concurrency` at a time; latency is from sending the click to the fake
 *    Slack receiving the first chat.update that shows the approval, and the ratio of the two p99s. Where the time
 *    went, per phase (p50 / p99): from the "click settled" line the server logs for each click (directory lookups,
 *    connection, chain-head lock, commit, the card's chat.update), and for the notification that follows through
 *    the outbox, from the database and the queue (transaction start → relayed → job started → job done). And the
 *    CPU `serve` used per click in each phase (Linux's /proc): one Node thread settles every click in flight.
 *
 * `--replicas N` runs N `grantdesk serve` processes on one database and one set of queues, as an operator scales out
 * behind a load balancer; requests and clicks go to them in turn. The default, 1, is the figure the targets are read
 * from; more shows what a second process buys on the same machine.
 *
 *   npm run bench:slack-ack -- [--concurrency 50] [--rounds 6] [--sequential-clicks 20] [--clicks 100]
 *                              [--click-concurrency 10] [--replicas 1]
 *
 * Postgres: DATABASE_URL (a server where it may create and drop databases), else postgres://postgres@127.0.0.1:5432.
 * Redis: REDIS_URL, else redis://127.0.0.1:6379; when none answers, the queues run on BullMQ's Postgres backend.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { ActionId } from '../src/slack/blocks/action-ids.ts';
import { DEFAULT_CREDENTIALS } from '../test/fakes/fake-jira.ts';
import type { FakeMessage, FakeSlack } from '../test/fakes/fake-slack.ts';
import { blockActionsBody, postToSlackEndpoint, slashCommandBody } from '../test/support/slack-request.ts';
import { freePort, withDatabase, withPostgresClient } from '../test/support/test-services.ts';
import { APPROVER, CHANNEL, REQUESTER, startBenchFakes } from './bench-fakes.ts';
import { startProcess, stopProcess } from './child-process.ts';
import { redisAnswers } from './redis-answers.ts';
import { printRunEnd, printRunStart } from './run-header.ts';
import {
  approveValue,
  ClickLog,
  cards,
  cpuMeter,
  figures,
  notifyPath,
  row,
  SlackTally,
  span,
} from './slack-ack-measures.ts';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '6' },
    'sequential-clicks': { type: 'string', default: '20' },
    clicks: { type: 'string', default: '100' },
    'click-concurrency': { type: 'string', default: '10' },
    replicas: { type: 'string', default: '1' },
  },
});
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const SEQUENTIAL_CLICKS = Number(values['sequential-clicks']);
const CLICKS = Number(values.clicks);
const CLICK_CONCURRENCY = Number(values['click-concurrency']);
const REPLICAS = Number(values.replicas);
if (!Number.isInteger(REPLICAS) || REPLICAS < 1) {
  console.error(`--replicas must be a whole number of serve processes, 1 or more (got ${values.replicas})`);
  process.exit(2);
}
/** Untimed bursts first, so neither app is measured while compiling code or opening connections. */
const WARMUP_ROUNDS = 2;
/** Starting through tsx takes a few seconds on a loaded two-core machine. */

const SECRET = 'bench-signing-secret';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisCandidate = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function main(): Promise<void> {
  printRunStart('slack-ack', [
    `--concurrency ${CONCURRENCY}`,
    `--rounds ${ROUNDS}`,
    `--sequential-clicks ${SEQUENTIAL_CLICKS}`,
    `--clicks ${CLICKS}`,
    `--click-concurrency ${CLICK_CONCURRENCY}`,
    `--replicas ${REPLICAS}`,
  ]);

  const { slack: fake, jira } = await startBenchFakes('OPS-123');
  const database = `grantdesk_bench_${randomBytes(4).toString('hex')}`;
  await withPostgresClient(adminUrl, (client) => client.query(`CREATE DATABASE ${database}`));
  const redisUrl = (await redisAnswers(redisCandidate)) ? redisCandidate : undefined;
  const prefix = `gdbench-${randomBytes(4).toString('hex')}`;
  console.log(
    `# queues on ${redisUrl ? 'Redis' : "BullMQ's Postgres backend"}; ${CONCURRENCY} concurrent requests; ` +
      `${REPLICAS} grantdesk serve process${REPLICAS === 1 ? '' : 'es'}`,
  );

  const children: ChildProcess[] = [];
  const clickLog = new ClickLog();
  try {
    const grantdeskUrls: string[] = [];
    for (let replica = 0; replica < REPLICAS; replica += 1) {
      const port = await freePort();
      children.push(
        await startProcess(['bin/grantdesk.js', 'serve'], '"msg":"listening"', clickLog.reader(), {
          DATABASE_URL: withDatabase(adminUrl, database),
          REDIS_URL: redisUrl ?? '',
          BULLMQ_PREFIX: prefix,
          PORT: String(port),
          LOG_LEVEL: 'info',
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: fake.url,
          APPROVER_CHANNEL_ID: CHANNEL,
          APPROVER_USER_IDS: APPROVER,
          JIRA_BASE_URL: jira.url,
          JIRA_EMAIL: DEFAULT_CREDENTIALS.email,
          JIRA_API_TOKEN: DEFAULT_CREDENTIALS.apiToken,
        }),
      );
      grantdeskUrls.push(`http://127.0.0.1:${port}`);
    }
    const servePids = children.map((child) => child.pid);
    const barePort = await freePort();
    children.push(
      await startProcess(['--import', 'tsx', 'bench/bare-bolt-app.ts'], 'ready', () => undefined, {
        PORT: String(barePort),
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.url,
      }),
    );
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const tally = new SlackTally(fake);

    let sequence = 0;
    const burst = (urls: readonly string[]): Promise<number[]> =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, i) => {
          const url = urls[i % urls.length] as string;
          sequence += 1;
          const body = slashCommandBody({
            user_id: REQUESTER,
            // A tenant that is not shaped like a Jira key (`bench-1` would be read as the ticket).
            text: `bench.tenant${sequence} OPS-123 30m Benchmark request ${sequence}, acknowledged at once`,
            trigger_id: fake.issueTriggerId(REQUESTER),
            response_url: fake.issueResponseUrl(),
          });
          const started = performance.now();
          const response = await postToSlackEndpoint(url, body, SECRET);
          await response.text();
          if (response.status !== 200) throw new Error(`HTTP ${response.status} from ${url}`);
          return performance.now() - started;
        }),
      );
    let requested = 0;
    const settleMs: number[] = [];
    const grantdeskBurst = async (): Promise<number[]> => {
      const started = performance.now();
      const acks = await burst(grantdeskUrls);
      requested += CONCURRENCY;
      await tally.until(() => tally.cards + tally.refusals().length >= requested, 300_000);
      settleMs.push(performance.now() - started);
      return acks;
    };

    for (let round = 0; round < WARMUP_ROUNDS; round += 1) {
      await grantdeskBurst();
      await burst([bareUrl]);
    }
    settleMs.length = 0;
    const grantdeskAcks: number[] = [];
    const bareAcks: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      grantdeskAcks.push(...(await grantdeskBurst()));
      bareAcks.push(...(await burst([bareUrl])));
    }
    const ours = figures(grantdeskAcks);
    const theirs = figures(bareAcks);
    const settled = figures(settleMs);
    const targets = cards(fake);
    const sequentialCards = targets.slice(0, SEQUENTIAL_CLICKS);
    const concurrentCards = targets.slice(SEQUENTIAL_CLICKS, SEQUENTIAL_CLICKS + CLICKS);
    const sequentialLog = clickLog.mark();
    const aloneCpu = cpuMeter(servePids);
    const oneByOne = await clickToUpdate(fake, tally, grantdeskUrls, sequentialCards, 1);
    const aloneCpuPerClick = aloneCpu.perClick(SEQUENTIAL_CLICKS);
    const concurrentLog = clickLog.mark();
    const togetherCpu = cpuMeter(servePids);
    const clicks = await clickToUpdate(fake, tally, grantdeskUrls, concurrentCards, CLICK_CONCURRENCY);
    const togetherCpuPerClick = togetherCpu.perClick(CLICKS);
    const notifications = await notifyPath(
      withDatabase(adminUrl, database),
      { redisUrl, prefix },
      concurrentCards.map((card) => approveValue(card) ?? ''),
    );

    console.log('');
    console.log('| measure | samples | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|');
    const replicasNote = REPLICAS === 1 ? '' : `, ${REPLICAS} replicas`;
    console.log(row(`/grant ack, Grantdesk (${CONCURRENCY} concurrent${replicasNote})`, ours));
    console.log(row(`/grant ack, bare Bolt app (${CONCURRENCY} concurrent)`, theirs));
    console.log(row('Approve click → chat.update (one at a time, baseline)', oneByOne));
    console.log(row(`Approve click → chat.update (${CLICK_CONCURRENCY} concurrent)`, clicks));
    console.log('');
    console.log(
      `click → card ratio ${CLICK_CONCURRENCY} concurrent / one at a time: p50 ${ratio(clicks.p50, oneByOne.p50)}, p99 ${ratio(clicks.p99, oneByOne.p99)}`,
    );
    console.log(
      `serve's CPU per click (its notifications included as they ran): one at a time ${aloneCpuPerClick}, ` +
        `${CLICK_CONCURRENCY} at a time ${togetherCpuPerClick}`,
    );
    console.log('');
    console.log('where an approval click spends its time, from the server\'s "click settled" lines (ms, p50 / p99):');
    console.log('| phase | one at a time | concurrent |');
    console.log('|---|---|---|');
    const alone = clickLog.since(sequentialLog, concurrentLog);
    const together = clickLog.since(concurrentLog);
    for (const phase of new Set([...Object.keys(alone), ...Object.keys(together)])) {
      console.log(`| ${phase} | ${span(alone[phase])} | ${span(together[phase])} |`);
    }
    console.log('');
    console.log('the notification that follows each concurrent approval, through the outbox (ms, p50 / p99):');
    for (const [phase, samples] of Object.entries(notifications)) console.log(`  ${phase}: ${span(figures(samples))}`);
    console.log(
      `ack ratio Grantdesk / bare Bolt: p50 ${ratio(ours.p50, theirs.p50)}, p99 ${ratio(ours.p99, theirs.p99)}`,
    );
    const refused = tally.refusals();
    console.log(
      `requests that became cards: ${tally.cards} of ${requested}; refused: ${refused.length}` +
        (refused[0] ? ` (e.g. ${JSON.stringify(refused[0])})` : ''),
    );
    console.log(
      `a burst of ${CONCURRENCY} requests checked with Jira, stored and carded in: p50 ${settled.p50.toFixed(0)} ms, max ${settled.max.toFixed(0)} ms`,
    );
    printRunEnd();
  } finally {
    await Promise.all(children.map(stopProcess));
    await fake.stop();
    await jira.stop();
    await withPostgresClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  }
}

/** Approve on each card; the latency of each is click sent → the fake Slack receiving the chat.update. */
async function clickToUpdate(
  fake: FakeSlack,
  tally: SlackTally,
  urls: readonly string[],
  targets: FakeMessage[],
  concurrency: number,
) {
  const latencies: number[] = [];
  const queue = [...targets];
  let sent = 0;
  const clicker = async () => {
    for (let card = queue.shift(); card; card = queue.shift()) {
      const grantId = approveValue(card);
      if (!grantId) throw new Error(`no Approve button on card ${card.ts}`);
      const body = blockActionsBody({
        user: { id: APPROVER },
        actions: [{ action_id: ActionId.approveGrant, value: grantId }],
        response_url: fake.issueResponseUrl(),
        message: { channel: card.channel, ts: card.ts },
      });
      const url = urls[sent++ % urls.length] as string;
      const sentAt = Date.now();
      const response = await postToSlackEndpoint(url, body, SECRET);
      await response.text();
      const ts = card.ts;
      await tally.until(() => tally.approvedAt.has(ts), 30_000);
      latencies.push((tally.approvedAt.get(ts) as number) - sentAt);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, clicker));
  return figures(latencies);
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);

await main();
process.exit(0);
