import { schedule } from 'node-cron';
import type { RunDigestInput, RunDigestOutcome } from '../src/app/run-digest.ts';
import type { Logger } from '../src/logger.ts';

export interface DigestScheduleDeps {
  /** DIGEST_CRON, read in DIGEST_TIMEZONE (node-cron resolves the zone, so 09:00 stays 09:00 across DST). */
  cron: string;
  timezone: string;
  /** How long to wait before trying again a week another replica holds, or one that failed: the claim timeout. */
  retryAfterMs: number;
  runDigest: (input: RunDigestInput) => Promise<RunDigestOutcome>;
  logger: Logger;
}

/**
 * A replica that crashed holding the week's claim would otherwise leave the week unposted until next week: every
 * replica that saw the claim (or failed) tries again after the claim timeout, up to an hour's worth of attempts.
 */
const MAX_ATTEMPTS = 6;

/**
 * The weekly digest on DIGEST_CRON. Every replica fires; the use case's run record lets one post. The week is
 * computed from the firing time, which node-cron gives without milliseconds, so replicas agree on it.
 */
export function startDigestSchedule(deps: DigestScheduleDeps): { stop(): Promise<void> } {
  const retries = new Set<NodeJS.Timeout>();
  const attempt = async (firedAt: Date, attemptNumber: number): Promise<void> => {
    let again: boolean;
    try {
      const outcome = await deps.runDigest({ firedAt });
      deps.logger.info({ schedule: 'weekly-digest', firedAt, ...outcome, record: undefined }, 'weekly digest run');
      again = outcome.outcome === 'in-progress';
    } catch (error) {
      deps.logger.error({ schedule: 'weekly-digest', firedAt, err: error }, 'weekly digest failed');
      again = true;
    }
    if (!again || attemptNumber >= MAX_ATTEMPTS) return;
    const timer = setTimeout(() => {
      retries.delete(timer);
      void attempt(firedAt, attemptNumber + 1);
    }, deps.retryAfterMs);
    retries.add(timer);
  };
  const task = schedule(deps.cron, ({ date }) => attempt(date, 1), {
    timezone: deps.timezone,
    name: 'weekly-digest',
    noOverlap: true,
  });
  return {
    async stop() {
      for (const timer of retries) clearTimeout(timer);
      await task.destroy();
    },
  };
}
