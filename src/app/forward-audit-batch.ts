import type { AuditForwardCursor } from '../db/audit-forward-cursor.ts';
import type { AuditQueries } from '../db/audit-store.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import type { Clock } from '../domain/ports.ts';

export interface ForwardAuditDeps {
  cursor: AuditForwardCursor;
  audit: AuditQueries;
  clock: Clock;
  /** Posts the events; resolves only when the receiver acknowledged them (2xx). */
  deliver(events: AuditEvent[]): Promise<void>;
  batchSize: number;
}

/**
 * Sends the next events after the cursor and moves the cursor only once they are acknowledged. The trail itself is
 * the outbox: a receiver that is down leaves the cursor where it was (nothing is lost) and never touches the
 * transactions that append (nothing is blocked). Delivery is at least once; events carry their id for de-duplication.
 */
export async function forwardAuditBatch(deps: ForwardAuditDeps): Promise<number> {
  const after = await deps.cursor.read();
  const events = await deps.audit.page({}, after, deps.batchSize);
  if (events.length === 0) return 0;
  await deps.deliver(events);
  await deps.cursor.advance(after, events[events.length - 1]!.seq, deps.clock.now());
  return events.length;
}
