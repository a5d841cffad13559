/**
 * The digest and anomaly use cases bound to their ports, for the schedules (jobs/) and the CLI (`digest run`).
 * Built once by the entry point, like createServices.
 */
import { hostname } from 'node:os';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config.ts';
import { createComplianceStores } from '../db/compliance-stores.ts';
import { DEFAULT_ANOMALY_THRESHOLDS } from '../domain/anomaly/anomaly-thresholds.ts';
import { breakGlassReviewWithinOf } from '../domain/grant-policy.ts';
import type { Clock, CompliancePoster, IdSource } from '../domain/ports.ts';
import type { ComplianceSettings } from './compliance-settings.ts';
import { type RunDigestInput, runDigest } from './run-digest.ts';
import { scanAnomalies } from './scan-anomalies.ts';

/**
 * A claim is taken over after 10 minutes: far longer than building and posting a digest of 100,000 sessions takes
 * (bench/digest.ts), short enough that a crashed poster delays the digest by minutes, not hours.
 */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;
/** A scheduled scan looks back a day: hourly scans overlap (findings post once) and survive a day of downtime. */
export const SCAN_LOOKBACK_MS = 24 * 3_600_000;

export function complianceSettingsFrom(config: Config): ComplianceSettings {
  return {
    timeZone: config.digest.timezone,
    businessHours: config.anomaly.businessHours,
    maxDurationMs: config.grants.maxDurationMs,
    thresholds: {
      ...DEFAULT_ANOMALY_THRESHOLDS,
      unreviewedBreakGlass: {
        ...DEFAULT_ANOMALY_THRESHOLDS.unreviewedBreakGlass,
        reviewWithinMs: breakGlassReviewWithinOf(config.grants),
      },
    },
    scanLookbackMs: SCAN_LOOKBACK_MS,
    claimTimeoutMs: CLAIM_TIMEOUT_MS,
  };
}

export interface CompliancePorts {
  sequelize: Sequelize;
  poster: CompliancePoster;
  clock: Clock;
  ids: IdSource;
  settings: ComplianceSettings;
  /** Who claims runs, as schedule_runs.claimed_by shows it; by default host, pid and a random suffix. */
  owner?: string;
}

export function createComplianceServices(ports: CompliancePorts) {
  const { sequelize, poster, clock, ids, settings } = ports;
  const owner = ports.owner ?? `${hostname()}:${process.pid}:${ids.uuid().slice(0, 8)}`;
  const stores = createComplianceStores(sequelize, { owner, timeoutMs: settings.claimTimeoutMs, ids });
  const digestDeps = {
    stats: stores.digests,
    sessions: stores.digests,
    anomalies: stores.anomalies,
    chain: stores.chain,
    runs: stores.digestRuns,
    poster,
    clock,
    settings,
  };
  const scanDeps = {
    anomalies: stores.anomalies,
    runs: stores.scanRuns,
    findings: stores.postedFindings,
    poster,
    clock,
    settings,
  };
  return {
    owner,
    runDigest: (input: RunDigestInput = {}) => runDigest(digestDeps, input),
    scanAnomalies: (input: { firedAt?: Date } = {}) => scanAnomalies(scanDeps, input),
  };
}

export type ComplianceServices = ReturnType<typeof createComplianceServices>;
