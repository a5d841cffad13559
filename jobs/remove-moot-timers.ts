import { QueryTypes, type Sequelize } from 'sequelize';
import { reviewReminderKey } from '../src/domain/break-glass.ts';
import type { Logger } from '../src/logger.ts';
import { jobIdOf, type OutboxRow } from './outbox-job.ts';
import { QueueNames } from './queue-names.ts';
import type { Queues } from './queues.ts';

/** Events after which a PENDING grant's lapse, remind and escalate jobs can never do anything. */
const DECIDED = new Set(['IMPERSONATION_START', 'GRANT_DENIED', 'GRANT_CANCELLED']);

/**
 * Tidying, never needed for correctness: after the relay passes on events that make a delayed job moot, remove that
 * job so it does not sit in the queue until its due time only to find nothing to do. A grant revoked or ended early
 * loses its expire and warn jobs; a decided request loses its lapse, remind and escalate jobs, a lapsed one its
 * remind and escalate jobs; a reviewed break-glass its review reminder. Job ids follow the keys of
 * src/domain/side-effects.ts. Failures are only logged: the job would have been a no-op anyway.
 */
export async function removeMootTimers(
  deps: { sequelize: Sequelize; queues: Queues; logger: Logger },
  relayed: readonly OutboxRow[],
): Promise<void> {
  const decided = new Set<string>();
  const lapsed = new Set<string>();
  const ended = new Set<string>();
  const reviewed = new Set<string>();
  for (const { payload } of relayed) {
    const { grantId, type } = payload as { grantId?: string; type?: string };
    if (!grantId || !type) continue;
    if (DECIDED.has(type)) decided.add(grantId);
    if (type === 'GRANT_LAPSED') lapsed.add(grantId);
    if (type === 'IMPERSONATION_END') ended.add(grantId);
    if (type === 'GRANT_REVIEWED') reviewed.add(grantId);
  }
  if (decided.size === 0 && lapsed.size === 0 && ended.size === 0 && reviewed.size === 0) return;
  try {
    const timers = [
      ...[...decided].flatMap((grantId) => ['lapse', 'remind', 'escalate'].map((job) => jobIdOf(`${job}:${grantId}`))),
      // A lapsed grant's lapse job is usually the one that lapsed it: left alone, as the record of what it did.
      ...[...lapsed].flatMap((grantId) => [jobIdOf(`remind:${grantId}`), jobIdOf(`escalate:${grantId}`)]),
      // A reviewed break-glass needs no reminder: its job goes now rather than finding the review when due.
      ...[...reviewed].map((grantId) => jobIdOf(reviewReminderKey(grantId))),
    ];
    if (ended.size > 0) {
      // Only grants that ended before their time: an expired grant's expire job is the one that just ran.
      const rows = await deps.sequelize.query<{ id: string; version: number }>(
        `SELECT id, expiry_version AS version FROM grants
          WHERE id = ANY($1::uuid[]) AND status = 'ENDED' AND end_reason <> 'EXPIRED'`,
        { bind: [[...ended]], type: QueryTypes.SELECT },
      );
      for (const { id, version } of rows) {
        timers.push(jobIdOf(`expire:${id}:${version}`), jobIdOf(`warn:${id}:${version}`));
      }
    }
    const removed = await deps.queues.remove(QueueNames.expiry, timers);
    if (removed > 0) deps.logger.debug({ removed }, 'removed moot delayed jobs');
  } catch (error) {
    deps.logger.debug({ err: (error as Error).message }, 'could not remove moot delayed jobs');
  }
}
