/**
 * Lets a test wait for what a fake records. The fake calls `changed()` whenever it records something, and `until`
 * re-evaluates its condition then, rather than on a timer: a waiting test wakes as soon as the call it waits for
 * has arrived, however busy the machine is.
 *
 * The time limit is only a safety net that turns a call that never comes into a failure naming what did come; it is
 * below Vitest's test time-out so that this message, not a bare time-out, is what a failing test reports.
 */
export const WAIT_LIMIT_MS = 25_000;

export class ChangeSignal {
  private readonly waiters = new Set<() => void>();

  changed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  until<T>(
    condition: () => T | undefined | null | false,
    describeFailure: () => string,
    timeoutMs = WAIT_LIMIT_MS,
  ): Promise<T> {
    const first = condition();
    if (first) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        this.waiters.delete(check);
        clearTimeout(timer);
      };
      const check = () => {
        try {
          const result = condition();
          if (!result) return;
          done();
          resolve(result);
        } catch (error) {
          done();
          reject(error);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${describeFailure()} (waited ${timeoutMs} ms)`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}
