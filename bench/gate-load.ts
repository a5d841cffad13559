/**
 * The load of bench/console-gate on one target, from a process of its own (http-load-process.ts), and the CPU time
 * the target's process spent on it.
 */
import { runProcess } from './child-process.ts';
import type { Load } from './http-load.ts';
import type { LoadJob, LoadResult } from './http-load-process.ts';
import { processCpuMs } from './process-cpu.ts';

/** Untimed first, at the rate: neither server is measured while compiling code or opening connections. */
const WARM_UP_SECONDS = 2;
/**
 * The load process's young generation, larger than Node's default 16 MB: fewer scavenges of the generator's own
 * garbage, whose pauses would count in the latencies it measures (the servers run with Node's defaults).
 */
const LOAD_PROCESS_FLAGS = ['--max-semi-space-size=64'];

/**
 * The open loop and closed loop of one target, from a load process of its own (http-load-process.ts), and the CPU
 * time the server's process spent meanwhile (from /proc, so Linux only).
 */
export async function loadFromProcess(
  url: string,
  headers: Record<string, string>,
  load: Load,
  serverPid: number,
): Promise<LoadResult & { serverCpuMs: number; requests: number }> {
  const warmUpSeconds = Math.min(WARM_UP_SECONDS, load.seconds);
  const job: LoadJob = { url, headers, load, warmUpSeconds };
  // NaN where /proc has none: the difference stays NaN, which cpuPerRequest prints as 'n/a'.
  const cpuBefore = processCpuMs(serverPid) ?? Number.NaN;
  const output = await runProcess([
    ...LOAD_PROCESS_FLAGS,
    '--import',
    'tsx',
    'bench/http-load-process.ts',
    JSON.stringify(job),
  ]);
  const result = JSON.parse(output.trim().split('\n').at(-1) ?? '') as LoadResult;
  const requests = (warmUpSeconds + load.seconds) * load.rate + result.closedLoopRate * load.seconds;
  return { ...result, serverCpuMs: (processCpuMs(serverPid) ?? Number.NaN) - cpuBefore, requests };
}

export const cpuPerRequest = (r: { serverCpuMs: number; requests: number }) =>
  Number.isFinite(r.serverCpuMs) ? (r.serverCpuMs / r.requests).toFixed(3) : 'n/a';
