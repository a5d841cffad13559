import type { Job } from 'bullmq';
import type { GrantChange } from '../../src/app/change-grant.ts';
import type { GrantStatus } from '../../src/domain/grant.ts';
import type { ExpiryLook } from '../../src/domain/ports.ts';
import { delayUntil } from './delay-until.ts';
import { markPermanentFailures } from './mark-permanent-failures.ts';

/**
 * How many due grants one expiry job ends together before seeing to its own (see expire-due-grants.ts). Batches take
 * turns on the audit chain's head, and on a busy machine most of a batch's turn is paid per batch, not per grant (two
 * round trips, each waiting for Node and a Postgres backend to be scheduled, and the commit's flush): in
 * bench/expiry on Redis at load 3–9, 10,000 grants ended at 1,651–2,561/s in batches of 1,000 against 1,092–1,332/s
 * in batches of 250 (docs/benchmarks.md). A batch of 1,000 binds 6,000 parameters in its grant UPDATE (Postgres allows 65,535),
 * and a transition waiting for the chain head waits for at most one batch's append and commit.
 */
const DUE_BATCH = 1000;

export interface ExpireProcessorDeps {
  /** The grant's committed status and whether a batch claim would find work, in one read (GrantQueries.expiryLook). */
  expiryLook(grantId: string): Promise<ExpiryLook>;
  /** The grant's committed status, read without a transaction (GrantQueries.statusOf). */
  statusOf(grantId: string): Promise<GrantStatus | undefined>;
  expireGrant(input: { grantId: string; version?: number }): Promise<GrantChange>;
  expireDueGrants(input: { limit: number }): Promise<string[]>;
}

/**
 * `expire` (delayed until expiresAt): ends the grant through the expire use case, which re-reads it under its row
 * lock. A job for a superseded expiry version (the grant was extended), for a grant already ended (revoked, ended,
 * expired by the reconciler) or delivered a second time changes nothing.
 */
export function expireProcessor(deps: ExpireProcessorDeps) {
  return async (job: Job, token?: string): Promise<string> => {
    const { grantId, version } = job.data as { grantId: string; version: number };
    // In a storm most jobs find their grant ended by an earlier job's batch, and every grant due so far already held
    // by a batch in progress: one read, with no transaction, then says there is nothing to do. An ENDED grant never
    // changes again, so a committed read is enough for the job's own grant.
    const look = await deps.expiryLook(grantId);
    if (look.status === 'ENDED' && !look.othersDue) return 'unchanged: already ENDED';
    // Grants due in the same second are ended together, one commit for many (expire-due-grants.ts), whenever any is
    // due and unclaimed: every job that starts ends whatever is due by then, which is what keeps a backlog of jobs
    // whose grants have ended from holding back the grants due behind them. This job's own grant is usually among
    // them. Otherwise it is ended, or found already ended, on its own below.
    const batch = look.othersDue ? await deps.expireDueGrants({ limit: DUE_BATCH }) : [];
    if (batch.includes(grantId)) return 'expired';
    if (look.status === 'ENDED' || (await deps.statusOf(grantId)) === 'ENDED') return 'unchanged: already ENDED';
    const change = await markPermanentFailures(() => deps.expireGrant({ grantId, version }));
    if (change.changed) return 'expired';
    const { grant } = change;
    const dueAt = grant.expiresAt?.getTime() ?? 0;
    if (grant.status === 'ACTIVE' && grant.expiryVersion === version) {
      return delayUntil(job, token, new Date(dueAt));
    }
    return `unchanged: ${change.note}`;
  };
}
