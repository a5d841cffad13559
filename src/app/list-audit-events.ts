import type { AuditFilter, AuditQueries } from '../db/audit-store.ts';
import type { AuditEvent } from '../domain/audit-event.ts';
import type { AccessDirectory } from '../domain/ports.ts';
import { type TrailReader, tenantReadBy } from './trail-reader.ts';

/** One keyset page of the raw trail in chain order, and whether more events matched after it. */
export async function listAuditEvents(
  deps: { audit: AuditQueries; access: AccessDirectory },
  input: { reader: TrailReader; filter: AuditFilter; afterSeq: number; limit: number },
): Promise<{ events: AuditEvent[]; more: boolean }> {
  const tenant = await tenantReadBy(deps.access, input.reader, input.filter.tenant, 'the audit trail');
  // One row beyond the page says whether there is a next one without a count over the whole trail.
  const events = await deps.audit.page({ ...input.filter, tenant }, input.afterSeq, input.limit + 1);
  return { events: events.slice(0, input.limit), more: events.length > input.limit };
}
