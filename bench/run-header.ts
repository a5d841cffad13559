/**
 * What every benchmark prints around its figures, in one form so runs can be compared and recorded in
 * docs/benchmarks.md: the command that reproduces the run, and the machine's load average at its start and end
 * (the figures of a run made beside other work only mean something next to the load it ran under).
 */
import { loadavg } from 'node:os';

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** Prints `command: npm run bench:<script> -- <args>` and the load average at start. */
export function printRunStart(script: string, args: readonly string[] = process.argv.slice(2)): void {
  console.log(`command: npm run bench:${script}${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`);
  console.log(`node ${process.version}, load average at start: ${loadAverage()}`);
}

export function printRunEnd(): void {
  console.log(`load average at end: ${loadAverage()}`);
}

/** `a ÷ b` as printed in the ratio columns: one decimal place and ×, or n/a without a baseline. */
export function ratioOf(a: number, b: number, digits = 2): string {
  return b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(digits)}×` : 'n/a';
}
