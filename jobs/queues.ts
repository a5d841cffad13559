import { jobOptionsFor } from './job-options.ts';
import type { OutboxJob } from './outbox-job.ts';
import type { GrantdeskQueue, QueueBackend } from './queue-backend.ts';

/** The process's producer side: one BullMQ Queue per queue name, opened on first use. */
export class Queues {
  private readonly byName = new Map<string, GrantdeskQueue>();

  constructor(private readonly backend: QueueBackend) {}

  queue(name: string): GrantdeskQueue {
    let queue = this.byName.get(name);
    if (!queue) {
      queue = this.backend.createQueue(name, jobOptionsFor(name));
      this.byName.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds the jobs, in one bulk call per queue. A job whose id is already in its queue (waiting, delayed, active, or
   * finished and still kept) is left as it is: that is what makes re-sending harmless.
   */
  async addAll(jobs: readonly OutboxJob[]): Promise<void> {
    const byQueue = new Map<string, OutboxJob[]>();
    for (const job of jobs) {
      const batch = byQueue.get(job.queue);
      if (batch) batch.push(job);
      else byQueue.set(job.queue, [job]);
    }
    await Promise.all(
      [...byQueue].map(([name, batch]) =>
        this.queue(name).addBulk(
          batch.map((job) => ({ name: job.name, data: job.data, opts: { jobId: job.jobId, delay: job.delay } })),
        ),
      ),
    );
  }

  /** The jobs whose id is in none of its queue's states: lost with a flushed Redis, or never relayed. */
  async missing(jobs: readonly OutboxJob[]): Promise<OutboxJob[]> {
    const found = await Promise.all(jobs.map((job) => this.queue(job.queue).getJob(job.jobId)));
    return jobs.filter((_, i) => found[i] === undefined);
  }

  /** Removes waiting or delayed jobs; a job being processed is left alone (BullMQ will not remove a locked job). */
  async remove(queueName: string, jobIds: readonly string[]): Promise<number> {
    const removed = await Promise.all(jobIds.map((id) => this.queue(queueName).remove(id)));
    return removed.reduce((sum, n) => sum + n, 0);
  }

  async close(): Promise<void> {
    await Promise.all([...this.byName.values()].map((queue) => queue.close()));
    this.byName.clear();
  }
}
