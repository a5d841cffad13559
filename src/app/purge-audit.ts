import { auditEvent } from '../domain/audit-event.ts';
import type { Clock, UnitOfWork } from '../domain/ports.ts';

export interface PurgeAuditDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
  /** AUDIT_RETENTION_DAYS: for tenants without a policy and for events without a tenant. */
  defaultRetentionDays: number;
  /** When the audit webhook is on, events it has not delivered yet are kept whatever their age. */
  keepUnforwarded: boolean;
  /**
   * Rows deleted per transaction. Appends wait on the chain lock while a batch deletes, so a batch is kept short
   * (50,000 rows take well under a second); a large backlog is purged in several batches, each audited.
   */
  batchSize?: number;
}

export interface PurgeReport {
  deleted: number;
  byTenant: { tenant: string | null; count: number }[];
  /** Where `audit verify` now starts: the seq and hash of the last deleted row. Null when nothing was deleted. */
  checkpoint: { seq: number; hash: string } | null;
  batches: number;
}

/**
 * Deletes audit events past retention, through the one path the append-only triggers allow.
 *
 * The chain is linear and verification must still pass from a checkpoint, so only a contiguous prefix can go: the
 * purge finds the largest seq S such that every row up to S is past its own tenant's retention, moves the
 * checkpoint to (S, hash of S), deletes every row up to S and appends AUDIT_PURGED with the counts per tenant, all
 * in one transaction. Consequently a row is never deleted before its tenant's retention ends, but a row may be kept
 * longer than its policy when an older row of a tenant with longer retention (or an event the webhook has not
 * delivered) must stay: it goes when everything before it may.
 */
export async function purgeAudit(deps: PurgeAuditDeps): Promise<PurgeReport> {
  const at = deps.clock.now();
  const batchSize = deps.batchSize ?? 50_000;
  const report: PurgeReport = { deleted: 0, byTenant: [], checkpoint: null, batches: 0 };
  const counts = new Map<string | null, number>();
  for (;;) {
    const batch = await deps.unitOfWork.run(async (scope) => {
      const store = scope.auditPurge;
      const chain = await store.lockChain();
      let upTo = Math.min(chain.headSeq, chain.checkpointSeq + batchSize);
      if (deps.keepUnforwarded) upTo = Math.min(upTo, await store.forwardedSeq());
      if (upTo <= chain.checkpointSeq) return null;
      const through = await store.purgeableThrough(chain.checkpointSeq, upTo, at, deps.defaultRetentionDays);
      if (through <= chain.checkpointSeq) return null;
      const byTenant = await store.countsByTenant(chain.checkpointSeq, through);
      const checkpoint = await store.moveCheckpointAndDelete(through);
      const deleted = through - chain.checkpointSeq;
      await scope.audit.append([
        auditEvent({
          type: 'AUDIT_PURGED',
          actor: { kind: 'system', id: 'retention' },
          occurredAt: at,
          details: {
            fromSeq: chain.checkpointSeq + 1,
            throughSeq: through,
            deleted,
            byTenant,
            checkpoint,
            defaultRetentionDays: deps.defaultRetentionDays,
          },
        }),
      ]);
      return { deleted, byTenant, checkpoint, full: through === chain.checkpointSeq + batchSize };
    });
    if (!batch) break;
    report.batches += 1;
    report.deleted += batch.deleted;
    report.checkpoint = batch.checkpoint;
    for (const { tenant, count } of batch.byTenant) counts.set(tenant, (counts.get(tenant) ?? 0) + count);
    if (!batch.full) break;
  }
  report.byTenant = [...counts].map(([tenant, count]) => ({ tenant, count }));
  return report;
}
