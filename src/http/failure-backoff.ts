/**
 * Counts failed attempts (bad webhook signatures) per source and makes a source that keeps failing wait: after
 * FREE_FAILURES in a row, each further failure doubles its wait, up to MAX_WAIT_MS. A success forgets the source.
 * Kept in memory per process: it slows a guesser down and keeps the log readable; it is not an access decision (the
 * signature is), so replicas need not share it.
 */
const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 1_000;
/** Fifteen minutes: long enough to make guessing pointless, short enough that a fixed misconfiguration recovers. */
const MAX_WAIT_MS = 15 * 60_000;
/** Sources remembered at most, so a flood from many addresses cannot grow the map without bound. */
const MAX_SOURCES = 10_000;

interface SourceRecord {
  failures: number;
  waitUntilMs: number;
}

export class FailureBackoff {
  private readonly sources = new Map<string, SourceRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds the source must still wait, or 0. */
  waitMs(source: string): number {
    const record = this.sources.get(source);
    return record ? Math.max(0, record.waitUntilMs - this.now()) : 0;
  }

  /** Records a failure; answers the source's failures in a row and how long it must now wait (0 while free). */
  fail(source: string): { failures: number; waitMs: number } {
    const record = this.sources.get(source) ?? { failures: 0, waitUntilMs: 0 };
    record.failures += 1;
    const over = record.failures - FREE_FAILURES;
    const waitMs = over > 0 ? Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(over - 1, 30)) : 0;
    record.waitUntilMs = this.now() + waitMs;
    // Re-inserting keeps the map in order of last failure, so the oldest source is the one evicted.
    this.sources.delete(source);
    this.sources.set(source, record);
    if (this.sources.size > MAX_SOURCES) this.sources.delete(this.sources.keys().next().value as string);
    return { failures: record.failures, waitMs };
  }

  succeed(source: string): void {
    this.sources.delete(source);
  }
}
