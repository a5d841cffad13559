import { QueryTypes, type Sequelize } from 'sequelize';
import type { RecheckReport } from '../src/app/recheck-tickets.ts';
import type { Logger } from '../src/logger.ts';

/** Advisory lock key: one process re-checks tickets at a time, however many replicas run. */
const RECHECK_LOCK_KEY = 720_331_010;

export interface TicketRecheckSchedule {
  /** Runs one re-check now (when no other process is running one); resolves with its report, or null if skipped. */
  runOnce(): Promise<RecheckReport | null>;
  stop(): Promise<void>;
}

/**
 * Every JIRA_RECHECK_INTERVAL, re-checks the tickets of ACTIVE grants. The run holds a transaction-scoped advisory
 * lock, so replicas take turns rather than each asking Jira; ending grants stays correct without it (row locks).
 */
export function startTicketRecheck(deps: {
  sequelize: Sequelize;
  intervalMs: number;
  recheck: () => Promise<RecheckReport>;
  logger: Logger;
}): TicketRecheckSchedule {
  let running: Promise<RecheckReport | null> | null = null;
  const runOnce = () => {
    running ??= deps.sequelize
      .transaction(async (transaction) => {
        const [row] = await deps.sequelize.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(${RECHECK_LOCK_KEY}) AS locked`,
          { type: QueryTypes.SELECT, transaction },
        );
        if (!row?.locked) return null;
        const report = await deps.recheck();
        if (report.grantsEnded > 0 || report.unreachable.length > 0) deps.logger.info({ report }, 'tickets re-checked');
        return report;
      })
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
