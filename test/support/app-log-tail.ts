/**
 * The last lines an app under test logged, kept in memory and printed only when a test fails: a failure under load
 * then shows what the app was doing (a click waiting for a connection, a job failing) beside what the fakes saw,
 * without filling every green run's output. E2E_LOG_LEVEL=info (or debug) still prints every line as it comes.
 */
import type { DestinationStream } from 'pino';

const KEPT_LINES = 1000;
const open = new Set<AppLogTail>();

export class AppLogTail implements DestinationStream {
  private readonly lines: string[] = [];

  constructor(
    readonly name: string,
    private readonly echo: boolean,
  ) {
    open.add(this);
  }

  write(line: string): void {
    if (this.echo) process.stdout.write(line);
    this.lines.push(line.trimEnd());
    if (this.lines.length > KEPT_LINES) this.lines.shift();
  }

  close(): void {
    open.delete(this);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** The tails of every app still running in this worker, for a failed test's report. */
export function openLogTails(): string {
  return [...open].map((tail) => `--- last ${KEPT_LINES} log lines of ${tail.name} ---\n${tail.text()}`).join('\n');
}
