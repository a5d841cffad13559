/**
 * http-load's fixed rate and closed loop, run on a thread of their own: the load then does not share an event loop
 * with the servers it measures, as a console's requests come from another process. Measured in one process, a
 * request's latency also counted the time the load generator itself waited for the loop, for the bare handler too.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { closedLoop, fixedRate } from './http-load.ts';

type Load = { seconds: number; rate: number; connections: number };
type Job =
  | { kind: 'fixedRate'; url: string; headers: Record<string, string>; load: Load }
  | { kind: 'closedLoop'; url: string; headers: Record<string, string>; load: Load };

function onThread<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load-thread.mjs', import.meta.url), { workerData: { httpLoad: job } });
    worker.once('message', (result: T) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load thread exited with ${code}`));
    });
  });
}

export const fixedRateOffThread = (url: URL, headers: Record<string, string>, load: Load) =>
  onThread<Awaited<ReturnType<typeof fixedRate>>>({ kind: 'fixedRate', url: url.href, headers, load });

export const closedLoopOffThread = (url: URL, headers: Record<string, string>, load: Load) =>
  onThread<number>({ kind: 'closedLoop', url: url.href, headers, load });

if (!isMainThread && workerData?.httpLoad) {
  const job = workerData.httpLoad as Job;
  const url = new URL(job.url);
  const result =
    job.kind === 'fixedRate'
      ? await fixedRate(url, job.headers, job.load)
      : await closedLoop(url, job.headers, job.load);
  parentPort?.postMessage(result);
}
