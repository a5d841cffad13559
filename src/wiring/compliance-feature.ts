import { startComplianceJobs } from '../../jobs/compliance-jobs.ts';
import { complianceSettingsFrom, createComplianceServices } from '../app/compliance-services.ts';
import { randomIds, systemClock } from '../system-clock.ts';
import type { Wiring } from './wiring.ts';

/** The weekly digest and the anomaly scans, posted to COMPLIANCE_CHANNEL_ID; nothing without that channel. */
export function startComplianceFeature(wiring: Wiring): void {
  const { config, logger, shutdown, sequelize } = wiring;
  const poster = wiring.slack.compliancePoster;
  if (!poster) {
    logger.warn('COMPLIANCE_CHANNEL_ID or SLACK_BOT_TOKEN is not set: no weekly digest or anomaly alerts');
    return;
  }
  const settings = complianceSettingsFrom(config);
  const compliance = createComplianceServices({ sequelize, clock: systemClock, ids: randomIds, settings, poster });
  const { cron: digestCron, timezone } = config.digest;
  const { runDigest, scanAnomalies } = compliance;
  const schedules = { digestCron, anomalyCron: config.anomaly.cron, timezone };
  const backend = wiring.queueBackend;
  const complianceJobs = startComplianceJobs({ backend, runDigest, scanAnomalies, ...schedules, logger });
  shutdown.add(complianceJobs.stop);
}
