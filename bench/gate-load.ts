/**
 * The load of bench/console-gate on one target, from a process of its own (http-load-process.ts), and the CPU time
 * the target's process spent on it.
 */
import { readFileSync } from 'node:fs';
import { runProcess } from './child-process.ts';
import type { Load } from './http-load.ts';
import type { LoadJob, LoadResult } from './http-load-process.ts';

/** Untimed first, at the rate: neither server is measured while compiling code or opening connections. */
const WARM_UP_SECONDS = 2;
/**
 * The load process's young generation, larger than Node's default 16 MB: fewer scavenges of the generator's own
 * garbage, whose pauses would count in the latencies it measures (the servers run with Node's defaults).
 */
const LOAD_PROCESS_FLAGS = ['--max-semi-space-size=64'];
/** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux architecture Node runs on. */
const CLOCK_TICK_MS = 10;

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
  const cpuBefore = cpuMsOf(serverPid);
  const output = await runProcess([
    ...LOAD_PROCESS_FLAGS,
    '--import',
    'tsx',
    'bench/http-load-process.ts',
    JSON.stringify(job),
  ]);
  const result = JSON.parse(output.trim().split('\n').at(-1) ?? '') as LoadResult;
  const requests = (warmUpSeconds + load.seconds) * load.rate + result.closedLoopRate * load.seconds;
  return { ...result, serverCpuMs: cpuMsOf(serverPid) - cpuBefore, requests };
}

/** User and system time of a process so far, in ms: fields 14 and 15 of /proc/<pid>/stat, in ticks of 10 ms. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return NaN;
  }
}

export const cpuPerRequest = (r: { serverCpuMs: number; requests: number }) =>
  Number.isFinite(r.serverCpuMs) ? (r.serverCpuMs / r.requests).toFixed(3) : 'n/a';
