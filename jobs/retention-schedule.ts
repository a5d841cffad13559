/**
 * The daily audit retention purge (AUDIT_PURGE_CRON, default 03:30 UTC), where workers run. Every replica schedules
 * it; the purge's lock on the chain row serialises them and the later runs find nothing left to delete.
 */
import cron from 'node-cron';
import type { PurgeReport } from '../src/app/purge-audit.ts';
import type { Logger } from '../src/logger.ts';

export function startRetentionSchedule(options: { cron: string; purge: () => Promise<PurgeReport>; logger: Logger }): {
  stop(): Promise<void>;
} {
  const { logger } = options;
  const task = cron.schedule(
    options.cron,
    async () => {
      try {
        const report = await options.purge();
        logger.info(
          { deleted: report.deleted, checkpoint: report.checkpoint, byTenant: report.byTenant },
          'audit purge',
        );
      } catch (error) {
        logger.error({ err: error }, 'audit purge failed; it runs again at the next schedule');
      }
    },
    { name: 'audit-retention', timezone: 'UTC', noOverlap: true },
  );
  return { stop: async () => void (await task.destroy()) };
}
