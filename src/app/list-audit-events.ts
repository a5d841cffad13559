import type { AuditFilter, AuditQueries } from '../db/audit-store.ts';
import type { AuditEvent } from '../domain/audit-event.ts';

/** One keyset page of the raw trail in chain order, and whether more events matched after it. */
export async function listAuditEvents(
  audit: AuditQueries,
  input: { filter: AuditFilter; afterSeq: number; limit: number },
): Promise<{ events: AuditEvent[]; more: boolean }> {
  // One row beyond the page says whether there is a next one without a count over the whole trail.
  const events = await audit.page(input.filter, input.afterSeq, input.limit + 1);
  return { events: events.slice(0, input.limit), more: events.length > input.limit };
}
