/**
 * Bounds a call to something that may not answer: the queue backend, a readiness check. Past `ms` the promise rejects
 * with "<what>: no answer within <ms> ms"; the call itself is not cancelled.
 *
 * Why the queue backend needs it: With `maxRetriesPerRequest: null` (what BullMQ requires) a Redis command waits
 * for as long as Redis is away; a relay or a sweep waiting that long would hold its transaction, its row locks or
 * the sweep lock for the whole outage. Past `ms` the caller gives up and retries later; the command may still land
 * when Redis returns, which the deterministic job ids make harmless.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
