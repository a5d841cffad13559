import { AsyncLocalStorage } from 'node:async_hooks';

/** Milliseconds spent per named phase of one piece of work (an approver's click), summed when a phase repeats. */
export type PhaseTimes = Record<string, number>;

const current = new AsyncLocalStorage<PhaseTimes>();

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Adds `ms` to `name` in the times being measured, if any (outside `measurePhases` it does nothing). */
export function recordPhase(name: string, ms: number): void {
  const times = current.getStore();
  if (times) times[name] = round((times[name] ?? 0) + ms);
}

/**
 * Runs `work` and records how long it took under `name` in the enclosing `measurePhases`. Outside one it only runs
 * `work`: the stores and use cases that call this cost nothing extra for callers that do not measure.
 */
export async function timePhase<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!current.getStore()) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    recordPhase(name, performance.now() - started);
  }
}

/**
 * Runs `work` and reports where its time went, phase by phase, with the total: how an approval click's latency
 * divides between the directory lookups, waiting for a connection, the chain-head lock, the commit and Slack, which
 * is what decides what to make faster (bench/slack-ack.ts prints it from the log line of each click).
 */
export async function measurePhases<T>(work: () => Promise<T>): Promise<{ result: T; times: PhaseTimes }> {
  const times: PhaseTimes = {};
  const started = performance.now();
  const result = await current.run(times, work);
  times.total = round(performance.now() - started);
  return { result, times };
}
