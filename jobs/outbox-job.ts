import type { JobData } from './queue-backend.ts';
import { queueOfTopic } from './queue-names.ts';

/** An outbox row as the relay reads it (see the `outbox` table and src/domain/side-effects.ts). */
export interface OutboxRow {
  id: string;
  key: string;
  topic: string;
  payload: Record<string, unknown>;
}

/** A BullMQ job to add: where, under which deterministic id, and how long to wait. */
export interface OutboxJob {
  queue: string;
  name: string;
  jobId: string;
  data: JobData;
  delay: number;
}

/**
 * The BullMQ job id of an outbox key. BullMQ refuses `:` in custom ids (except in a legacy three-part form), so
 * `expire:<grant>:<version>` becomes `expire.<grant>.<version>`. Keys never contain `.` (they are a kind, UUIDs and
 * numbers), so the mapping stays one-to-one and the id stays deterministic.
 */
export function jobIdOf(key: string): string {
  return key.replaceAll(':', '.');
}

/**
 * The job an outbox message becomes. Scheduled work is delayed until `runAt` (at once when that has passed); the job
 * is named after what it does (`expire`, `warn`, `lapse`; the topic otherwise) and carries the payload, which holds
 * ids and the due time only.
 */
export function jobOf(row: Pick<OutboxRow, 'key' | 'topic' | 'payload'>, now: Date): OutboxJob {
  const jobId = jobIdOf(row.key);
  const queue = queueOfTopic(row.topic);
  if (row.topic === 'schedule') {
    const { job, ...data } = row.payload as { job: string; runAt: string };
    const delay = Math.max(0, Date.parse(data.runAt) - now.getTime());
    return { queue, name: job, jobId, data, delay: Number.isFinite(delay) ? delay : 0 };
  }
  return { queue, name: row.topic, jobId, data: row.payload, delay: 0 };
}
