/**
 * Load for the HTTP benchmarks over plain keep-alive HTTP (bench/console-gate sends it from a process of its own,
 * http-load-process.ts; bench/export-load from the bench's own):
 *
 * - open loop at a constant rate: request i is due at start + i / rate, whatever the server did with the ones before
 *   it, and goes out on the first idle one of the connections; its latency is counted from when it was due, not
 *   from when it could be sent, so a stall of the server delays every request due meanwhile and none is left out
 *   (coordinated omission corrected, as wrk2 does);
 * - closed loop: each connection sends its next request as soon as it has the answer, for the most a server answers.
 */
import { HttpConnection } from './http-connection.ts';

export interface Load {
  seconds: number;
  rate: number;
  connections: number;
}

export interface Figures {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

const percentile = (sorted: ArrayLike<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

export const summary = (samples: ArrayLike<number>): Figures => {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? NaN, n: sorted.length };
};

export interface FixedRateResult extends Figures {
  failed: number;
  /** Requests answered per second over the run, from the first due time to the last answer. */
  achievedRate: number;
  /** How late the generator's own timer woke for each due request: its share of the latency, not the server's. */
  timerLateness: Figures;
}

/**
 * `connections` keep-alive connections to `url` (http-connection.ts), each sending that GET with `headers`; kept from
 * the untimed first run to the timed one, so no connection is opened while measured.
 */
export const connectionPool = (url: URL, headers: Record<string, string>, connections: number) =>
  Promise.all(Array.from({ length: connections }, () => HttpConnection.open(url, headers)));

/**
 * `rate` requests/s for `seconds`, open loop, on the pool's connections taken in turn (a queue, so all of them carry
 * the load); latency from each due time. Without a pool, on `connections` connections of its own, closed after.
 */
export async function fixedRate(
  url: URL,
  headers: Record<string, string>,
  load: Load,
  pool?: HttpConnection[],
): Promise<FixedRateResult> {
  if (!pool) {
    const own = await connectionPool(url, headers, load.connections);
    const result = await fixedRate(url, headers, load, own);
    for (const connection of own) connection.close();
    return result;
  }
  const total = Math.max(1, Math.round(load.seconds * load.rate));
  const intervalMs = 1_000 / load.rate;
  // Preallocated: the generator's own garbage collections would count in the latencies it measures.
  const latencies = new Float64Array(total);
  const lateness = new Float64Array(total);
  const idle = [...pool];
  const due: number[] = [];
  let scheduled = 0;
  let answered = 0;
  let failed = 0;
  let lastAnswer = 0;
  const start = performance.now() + 50;
  return new Promise((resolve, reject) => {
    const send = (connection: HttpConnection, dueAt: number) => {
      connection.get().then((status) => {
        const now = performance.now();
        if (status !== 200) failed += 1;
        latencies[answered] = now - dueAt;
        answered += 1;
        lastAnswer = now;
        const next = due.shift();
        if (next === undefined) idle.push(connection);
        else send(connection, next);
        if (answered === total) {
          resolve({
            ...summary(latencies),
            failed,
            achievedRate: (total * 1_000) / (lastAnswer - start),
            timerLateness: summary(lateness),
          });
        }
      }, reject);
    };
    const tick = () => {
      const now = performance.now();
      // Every request due by now: sent on an idle connection, or queued (still timed from its due time).
      while (scheduled < total && start + scheduled * intervalMs <= now) {
        const dueAt = start + scheduled * intervalMs;
        lateness[scheduled] = now - dueAt;
        scheduled += 1;
        const connection = idle.shift();
        if (connection) send(connection, dueAt);
        else due.push(dueAt);
      }
      if (scheduled < total) setTimeout(tick, Math.max(0, start + scheduled * intervalMs - performance.now()));
    };
    setTimeout(tick, 50);
  });
}

/** As many requests as `connections` connections get answered in `seconds`, each sending its next at once. */
export async function closedLoop(load: Pick<Load, 'seconds'>, pool: HttpConnection[]): Promise<number> {
  let done = 0;
  const end = performance.now() + load.seconds * 1_000;
  await Promise.all(
    pool.map(async (connection) => {
      while (performance.now() < end) {
        await connection.get();
        done += 1;
      }
    }),
  );
  return done / load.seconds;
}
