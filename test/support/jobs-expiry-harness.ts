/** The jobs harness and the waits the timed-transition tests share (test/integration/jobs-expiry-*.test.ts). */
import { afterAll, beforeAll } from 'vitest';
import { type BackendKind, createJobsHarness, eventually, type JobsHarness } from './jobs-harness.ts';

/**
 * A jobs harness created before the enclosing describe's tests and closed after them. The returned object forwards
 * to it, so the tests read `h.grant(…)` as if they held the harness itself.
 */
export function jobsHarnessFor(kind: BackendKind): JobsHarness {
  let h: JobsHarness | undefined;
  beforeAll(async () => {
    h = await createJobsHarness(kind);
  });
  afterAll(() => h?.close());
  return new Proxy({} as JobsHarness, {
    get(_, property) {
      if (!h) throw new Error('the jobs harness is used before beforeAll created it');
      const value = Reflect.get(h, property);
      return typeof value === 'function' ? value.bind(h) : value;
    },
  });
}

/** Waits on the expiry queue and the grants that the timed-transition tests share. */
export function expiryWaits(h: JobsHarness) {
  /** A job's outcome once it has finished: the grant's change commits a moment before the job is marked done. */
  const finished = (key: string) =>
    eventually(
      async () => {
        const job = await h.expiryJob(key);
        return job?.state === 'completed' && { state: job.state, returnvalue: job.returnvalue };
      },
      15_000,
      `job ${key} to finish`,
    );

  const ended = (id: string) =>
    eventually(
      async () => {
        const grant = await h.grant(id);
        return grant.status === 'ENDED' && grant;
      },
      20_000,
      `grant ${id} to end`,
    );

  /** The job of an outbox key once the relay has put it on the queue. */
  const queued = (key: string) => eventually(() => h.expiryJob(key), 15_000, `job ${key} on the queue`);

  return { finished, ended, queued };
}
