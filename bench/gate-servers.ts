/**
 * What bench/console-gate measures, each in a process of its own as an operator runs it: two `grantdesk serve`
 * replicas on one database (each with its in-memory session states, its LISTEN connection and its workers), and the
 * bare Express app of the baseline. Slack and Jira are this process's protocol-level fakes (test/fakes), so the
 * replicas' notifications of each grant have somewhere to go.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DEFAULT_CREDENTIALS } from '../test/fakes/fake-jira.ts';
import { freePort } from '../test/support/test-services.ts';
import { APPROVER, CHANNEL, startBenchFakes } from './bench-fakes.ts';
import { startProcess, stopProcess } from './child-process.ts';
import { redisAnswers } from './redis-answers.ts';

/**
 * API_RATE_LIMIT (1,200 a minute per token by default) would answer most of the load 429: lifted for the run, to a
 * billion a minute (the closed loop of one token stays far below it).
 */
const UNLIMITED_PER_MINUTE = '1000000000';

export interface GateServers {
  replicaA: string;
  replicaB: string;
  bare: string;
  /** The processes of replica B and of the bare app, to read the CPU time each spends on the load. */
  pids: { replicaB: number; bare: number };
  queues: 'Redis' | "BullMQ's Postgres backend";
  close(): Promise<void>;
}

export async function startGateServers(databaseUrl: string, redisCandidate: string): Promise<GateServers> {
  const { slack, jira } = await startBenchFakes('OPS-1');
  const redisUrl = (await redisAnswers(redisCandidate)) ? redisCandidate : undefined;
  const prefix = `gdbench-gate-${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];
  // A bench that fails midway exits without close(): its servers must not outlive it.
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  const close = async () => {
    await Promise.all(children.map(stopProcess));
    await slack.stop();
    await jira.stop();
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  };
  try {
    const serve = async () => {
      const port = await freePort();
      children.push(
        await startProcess(['bin/grantdesk.js', 'serve'], '"msg":"listening"', () => undefined, {
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl ?? '',
          BULLMQ_PREFIX: prefix,
          PORT: String(port),
          LOG_LEVEL: 'info',
          API_RATE_LIMIT: UNLIMITED_PER_MINUTE,
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_SIGNING_SECRET: 'bench-signing-secret',
          SLACK_API_URL: slack.url,
          APPROVER_CHANNEL_ID: CHANNEL,
          APPROVER_USER_IDS: APPROVER,
          JIRA_BASE_URL: jira.url,
          JIRA_EMAIL: DEFAULT_CREDENTIALS.email,
          JIRA_API_TOKEN: DEFAULT_CREDENTIALS.apiToken,
        }),
      );
      return { url: `http://127.0.0.1:${port}`, pid: children.at(-1)?.pid ?? 0 };
    };
    const replicaA = await serve();
    const replicaB = await serve();
    const barePort = await freePort();
    children.push(
      await startProcess(['--import', 'tsx', 'bench/bare-express-app.ts'], 'ready', () => undefined, {
        PORT: String(barePort),
      }),
    );
    const bare = `http://127.0.0.1:${barePort}/constant`;
    const pids = { replicaB: replicaB.pid, bare: children.at(-1)?.pid ?? 0 };
    return {
      replicaA: replicaA.url,
      replicaB: replicaB.url,
      bare,
      pids,
      queues: redisUrl ? 'Redis' : "BullMQ's Postgres backend",
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
