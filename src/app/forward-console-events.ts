import type { AuditForwardCursor } from '../db/audit-forward-cursor.ts';
import type { Clock } from '../domain/ports.ts';
import type { ConsoleEvent } from './session-events.ts';

/** DESIGN.md §5: a console event is retried for 24 hours; one still undelivered after that is given up. */
export const CONSOLE_EVENT_MAX_AGE_MS = 24 * 3_600_000;

export interface ForwardConsoleDeps {
  cursor: AuditForwardCursor;
  read(afterSeq: number, limit: number): Promise<ConsoleEvent[]>;
  /** Posts one event; resolves only when the receiver acknowledged it (2xx). */
  deliver(event: ConsoleEvent): Promise<void>;
  clock: Clock;
  batchSize: number;
  /** Told of each event given up after CONSOLE_EVENT_MAX_AGE_MS. */
  onGivenUp(event: ConsoleEvent): void;
}

/**
 * Sends the next session events after the cursor, one by one in trail order (so in order per session), moving the
 * cursor past each once it is acknowledged. A failed delivery throws and leaves the cursor on the last one that
 * succeeded: the caller retries with backoff, and nothing behind it overtakes it. Delivery is at least once; the
 * receiver de-duplicates by Grantdesk-Event-Id.
 */
export async function forwardConsoleEvents(deps: ForwardConsoleDeps): Promise<number> {
  let after = await deps.cursor.read();
  const events = await deps.read(after, deps.batchSize);
  for (const event of events) {
    const now = deps.clock.now();
    if (now.getTime() - event.occurredAt.getTime() > CONSOLE_EVENT_MAX_AGE_MS) deps.onGivenUp(event);
    else await deps.deliver(event);
    await deps.cursor.advance(after, event.id, now);
    after = event.id;
  }
  return events.length;
}
