import { schedule } from 'node-cron';
import type { ScanAnomaliesOutcome } from '../src/app/scan-anomalies.ts';
import type { Logger } from '../src/logger.ts';

export interface AnomalyScheduleDeps {
  /** ANOMALY_CRON, read in DIGEST_TIMEZONE like every other schedule. */
  cron: string;
  timezone: string;
  scanAnomalies: (input: { firedAt: Date }) => Promise<ScanAnomaliesOutcome>;
  logger: Logger;
}

/**
 * The anomaly scan on ANOMALY_CRON. Every replica fires; the scan's run record (keyed by the tick) lets one scan,
 * and each finding's record lets it be posted once. A failed scan is not retried here: the next tick looks back over
 * the same period, and findings a crashed scan had claimed are taken over once their claim times out.
 */
export function startAnomalySchedule(deps: AnomalyScheduleDeps): { stop(): Promise<void> } {
  const task = schedule(
    deps.cron,
    async ({ date }) => {
      try {
        const outcome = await deps.scanAnomalies({ firedAt: date });
        deps.logger.info({ schedule: 'anomaly-scan', firedAt: date, ...outcome }, 'anomaly scan run');
      } catch (error) {
        deps.logger.error({ schedule: 'anomaly-scan', firedAt: date, err: error }, 'anomaly scan failed');
      }
    },
    { timezone: deps.timezone, name: 'anomaly-scan', noOverlap: true },
  );
  return { stop: async () => void (await task.destroy()) };
}
