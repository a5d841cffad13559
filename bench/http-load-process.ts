/**
 * The load of bench/console-gate, from a process of its own, as a console's requests come from another machine: the
 * generator then shares neither an event loop nor a garbage collector with the server it measures. On the same
 * keep-alive connections: an untimed warm-up at the rate, the timed open loop, then the closed loop. Prints its
 * figures as one JSON line (loadFromProcess reads it).
 *
 *   node --import tsx bench/http-load-process.ts '{"url":…,"headers":{},"load":{"seconds":10,"rate":2000,"connections":50}}'
 */
import { closedLoop, connectionPool, type FixedRateResult, fixedRate, type Load } from './http-load.ts';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  load: Load;
  warmUpSeconds: number;
}

export interface LoadResult {
  fixedRate: FixedRateResult;
  closedLoopRate: number;
}

const job = JSON.parse(process.argv[2] ?? '') as LoadJob;
const url = new URL(job.url);
const pool = await connectionPool(url, job.headers, job.load.connections);
await fixedRate(url, job.headers, { ...job.load, seconds: job.warmUpSeconds }, pool);
const result: LoadResult = {
  fixedRate: await fixedRate(url, job.headers, job.load, pool),
  closedLoopRate: await closedLoop(job.load, pool),
};
for (const connection of pool) connection.close();
console.log(JSON.stringify(result));
