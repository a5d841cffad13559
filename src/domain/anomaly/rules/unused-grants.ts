import { formatDuration } from '../../duration.ts';
import { type AnomalyFinding, finding } from '../anomaly-finding.ts';
import { dayPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, inPeriod } from '../scan-input.ts';

/** A session that ended with no use and no action recorded by the console: access granted and never needed. */
export function unusedGrants(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { severity } = context.thresholds.unusedGrant;
  const findings: AnomalyFinding[] = [];
  for (const grant of input.grants) {
    if (grant.status !== 'ENDED' || grant.startTime === null || grant.used || grant.acted) continue;
    if (!inPeriod(grant.endTime, context)) continue;
    const activeMs = grant.endTime - grant.startTime;
    findings.push(
      finding({
        rule: 'unused-grant',
        severity,
        subject: grant.id,
        period: dayPeriod(grant.endTime, context.timeZone),
        at: new Date(grant.endTime),
        summary: `${grant.shortCode} on ${grant.tenant} ended (${grant.endReason ?? 'ENDED'}) after ${formatDuration(activeMs)} without any use or action`,
        evidence: {
          grants: [grantRef(grant)],
          people: [grant.requesterId, ...grant.approvals.map((a) => a.approverId)],
          tenants: [grant.tenant],
          counts: { uses: 0, actions: 0, activeMinutes: Math.round(activeMs / 60_000) },
        },
      }),
    );
  }
  return findings;
}
