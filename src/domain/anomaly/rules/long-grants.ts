import { formatDuration } from '../../duration.ts';
import { type AnomalyFinding, finding } from '../anomaly-finding.ts';
import { dayPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, inPeriod, type ScanGrant } from '../scan-input.ts';

/** How long the session was granted: the request, or more when an extension moved its expiry later. */
export function grantedMs(grant: ScanGrant): number {
  const scheduled =
    grant.startTime !== null && grant.expiresAt !== null
      ? grant.expiresAt - grant.startTime
      : grant.requestedDurationMs;
  return Math.max(grant.requestedDurationMs, scheduled);
}

/** A session granted at least `minShareOfMaxDuration` of GRANT_MAX_DURATION, judged when it starts. */
export function longGrants(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { minShareOfMaxDuration, severity } = context.thresholds.longGrant;
  // Whole milliseconds, so 90% of 8h is exactly 7h12m and not a hair above it.
  const thresholdMs = Math.round(minShareOfMaxDuration * context.maxDurationMs);
  const findings: AnomalyFinding[] = [];
  for (const grant of input.grants) {
    if (!inPeriod(grant.startTime, context)) continue;
    const granted = grantedMs(grant);
    if (granted < thresholdMs) continue;
    const share = Math.round((granted / context.maxDurationMs) * 100);
    findings.push(
      finding({
        rule: 'long-grant',
        severity,
        subject: grant.id,
        period: dayPeriod(grant.startTime, context.timeZone),
        at: new Date(grant.startTime),
        summary: `${grant.shortCode} on ${grant.tenant} was granted ${formatDuration(granted)}, ${share}% of the ${formatDuration(context.maxDurationMs)} maximum`,
        evidence: {
          grants: [grantRef(grant)],
          people: [grant.requesterId, ...grant.approvals.map((a) => a.approverId)],
          tenants: [grant.tenant],
          counts: { grantedMinutes: Math.round(granted / 60_000), sharePercent: share },
        },
      }),
    );
  }
  return findings;
}
