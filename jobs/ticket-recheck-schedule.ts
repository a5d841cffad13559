import type { Sequelize } from 'sequelize';
import type { RecheckReport } from '../src/app/recheck-tickets.ts';
import { trySessionLock } from '../src/db/session-lock.ts';
import type { Logger } from '../src/logger.ts';

/** Advisory lock key: one process re-checks tickets at a time, however many replicas run. */
const RECHECK_LOCK_KEY = 720_331_010;

export interface TicketRecheckSchedule {
  /** Runs one re-check now (when no other process is running one); resolves with its report, or null if skipped. */
  runOnce(): Promise<RecheckReport | null>;
  stop(): Promise<void>;
}

/**
 * Every JIRA_RECHECK_INTERVAL, re-checks the tickets of ACTIVE grants. The run holds a session-level advisory lock on
 * a connection of its own, so replicas take turns rather than each asking Jira, and no transaction stays open while
 * Jira is asked (each grant ended commits in its own short transaction); ending grants stays correct without the
 * lock (row locks).
 */
export function startTicketRecheck(deps: {
  sequelize: Sequelize;
  intervalMs: number;
  recheck: () => Promise<RecheckReport>;
  logger: Logger;
}): TicketRecheckSchedule {
  let running: Promise<RecheckReport | null> | null = null;
  const recheckUnderLock = async (): Promise<RecheckReport | null> => {
    const lock = await trySessionLock(deps.sequelize, RECHECK_LOCK_KEY);
    if (!lock) return null;
    try {
      const report = await deps.recheck();
      if (report.grantsEnded > 0 || report.unreachable.length > 0) deps.logger.info({ report }, 'tickets re-checked');
      return report;
    } finally {
      await lock.release();
    }
  };
  const runOnce = () => {
    running ??= recheckUnderLock()
      .catch((error) => {
        deps.logger.warn({ err: error }, 'ticket re-check failed; trying again next interval');
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), deps.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
