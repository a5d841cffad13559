import type { AnomalyFinding } from '../domain/anomaly/anomaly-finding.ts';
import { longestWindowMs } from '../domain/anomaly/anomaly-thresholds.ts';
import { detectAnomalies } from '../domain/anomaly/detect-anomalies.ts';
import type { AnomalyScanSource, ClaimLedger, Clock, CompliancePoster } from '../domain/ports.ts';
import type { ComplianceSettings } from './compliance-settings.ts';

export interface ScanAnomaliesDeps {
  anomalies: AnomalyScanSource;
  /** Scheduled scans, keyed by the tick they fired for: one replica scans per firing. */
  runs: ClaimLedger;
  /** Findings already posted, keyed by finding key: each is posted once, by whichever scan claims it first. */
  findings: ClaimLedger;
  poster: CompliancePoster;
  clock: Clock;
  settings: ComplianceSettings;
}

type Scanned = { outcome: 'scanned'; found: number; posted: number; messages: number };
export type ScanAnomaliesOutcome = { outcome: 'skipped'; period: string } | Scanned;

/** Findings per alert message: each takes two blocks, well inside Slack's 50, and a reader can take in ten. */
export const FINDINGS_PER_ALERT = 10;

/**
 * Looks for anomalies in the last `scanLookbackMs` and posts the ones never posted before to the compliance
 * channel, HIGH ones apart (their messages mention the auditors). Findings are claimed before posting and marked
 * done after; a failed post gives its findings back for the next scan.
 */
export async function scanAnomalies(
  deps: ScanAnomaliesDeps,
  input: { firedAt?: Date } = {},
): Promise<ScanAnomaliesOutcome> {
  const period = input.firedAt ? tickOf(input.firedAt) : null;
  if (period) {
    const [claimed] = await deps.runs.claim([period]);
    if (!claimed) return { outcome: 'skipped', period };
  }
  try {
    const outcome = await postNewFindings(deps);
    if (period) await deps.runs.finish([period], { found: outcome.found, posted: outcome.posted });
    return outcome;
  } catch (error) {
    if (period) await deps.runs.release([period]).catch(() => undefined);
    throw error;
  }
}

async function postNewFindings(deps: ScanAnomaliesDeps): Promise<Scanned> {
  const { settings } = deps;
  const now = deps.clock.now().getTime();
  // Up to and including now: an event recorded in this very millisecond is not left for a scan that may not come.
  const to = new Date(now + 1);
  const from = new Date(now - settings.scanLookbackMs);
  const input = await deps.anomalies.scanInput(new Date(from.getTime() - longestWindowMs(settings.thresholds)), {
    from,
    to,
  });
  const found = detectAnomalies(input, { ...settings, from, to });
  const fresh = new Set(await deps.findings.claim(found.map((f) => f.key)));
  const batches = alertBatches(found.filter((f) => fresh.has(f.key)));
  let posted = 0;
  for (const [index, batch] of batches.entries()) {
    try {
      const message = await deps.poster.postAlert(batch);
      await deps.findings.finish(
        batch.map((f) => f.key),
        message,
      );
      posted += batch.length;
    } catch (error) {
      await deps.findings.release(batches.slice(index).flatMap((b) => b.map((f) => f.key))).catch(() => undefined);
      throw error;
    }
  }
  return { outcome: 'scanned', found: found.length, posted, messages: batches.length };
}

/** HIGH findings in messages of their own (those mention the auditors), the rest after; at most ten per message. */
export function alertBatches(findings: readonly AnomalyFinding[]): AnomalyFinding[][] {
  const high = findings.filter((f) => f.severity === 'HIGH');
  const rest = findings.filter((f) => f.severity !== 'HIGH');
  return [...chunks(high), ...chunks(rest)];
}

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += FINDINGS_PER_ALERT) result.push(items.slice(i, i + FINDINGS_PER_ALERT));
  return result;
}

/** `2026-11-02T10:00:00Z`: replicas firing for the same cron tick agree on it whatever their clocks' milliseconds. */
function tickOf(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}
