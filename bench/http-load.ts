/**
 * Load for bench/console-gate over plain keep-alive HTTP: a fixed rate with latency counted from each request's due
 * time (so a stall is not hidden), and a closed loop for the most a server answers.
 */
import http from 'node:http';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
export const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? NaN, n: sorted.length };
};

/** One GET on a keep-alive agent; resolves with the status once the body is read. */
function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

/** `rate` requests/s spread over `connections` connections; latency from each request's due time. */
export async function fixedRate(
  url: URL,
  headers: Record<string, string>,
  load: { seconds: number; rate: number; connections: number },
) {
  const { seconds, rate: RATE, connections: CONNECTIONS } = load;
  const perConnectionMs = (1_000 * CONNECTIONS) / RATE;
  const total = Math.floor((seconds * RATE) / CONNECTIONS);
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now() + 50;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < total; i += 1) {
        const due = start + (c * perConnectionMs) / CONNECTIONS + i * perConnectionMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if ((await get(agent, url, headers)) !== 200) failed += 1;
        latencies.push(performance.now() - due);
      }
      agent.destroy();
    }),
  );
  return { ...summary(latencies), failed };
}

/** As many requests as `connections` connections get answered in `seconds`, each sending its next at once. */
export async function closedLoop(
  url: URL,
  headers: Record<string, string>,
  load: { seconds: number; connections: number },
): Promise<number> {
  const { seconds, connections: CONNECTIONS } = load;
  let done = 0;
  const end = performance.now() + seconds * 1_000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (performance.now() < end) {
        await get(agent, url, headers);
        done += 1;
      }
      agent.destroy();
    }),
  );
  return done / seconds;
}
