import type { AnomalyThresholds } from '../domain/anomaly/anomaly-thresholds.ts';
import type { BusinessHours } from '../domain/business-hours.ts';

/** What the digest and the anomaly scan are judged by; complianceSettingsFrom (compliance-services.ts) reads them. */
export interface ComplianceSettings {
  timeZone: string;
  businessHours: BusinessHours;
  maxDurationMs: number;
  thresholds: AnomalyThresholds;
  /** How far back a scheduled scan looks for new findings; overlapping scans are harmless (findings post once). */
  scanLookbackMs: number;
  /** A claim older than this whose holder never finished is taken over (the holder is presumed crashed). */
  claimTimeoutMs: number;
}
