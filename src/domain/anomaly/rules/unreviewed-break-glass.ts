import { formatDuration } from '../../duration.ts';
import { type AnomalyFinding, finding } from '../anomaly-finding.ts';
import { dayPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, inPeriod } from '../scan-input.ts';

/**
 * A break-glass nobody reviewed within BREAK_GLASS_REVIEW_WITHIN of its start (DESIGN.md §7): access no approver saw
 * before, and none has looked at since. Reported once, for the moment it became overdue; a review made later does not
 * undo the finding, since it was late.
 */
export function unreviewedBreakGlass(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { reviewWithinMs, severity } = context.thresholds.unreviewedBreakGlass;
  const findings: AnomalyFinding[] = [];
  for (const grant of input.grants) {
    if (!grant.breakGlass || grant.startTime === null) continue;
    const dueAt = grant.startTime + reviewWithinMs;
    if (!inPeriod(dueAt, context)) continue;
    if (grant.reviewedAt != null && grant.reviewedAt <= dueAt) continue;
    findings.push(
      finding({
        rule: 'unreviewed-break-glass',
        severity,
        subject: grant.id,
        period: dayPeriod(dueAt, context.timeZone),
        at: new Date(dueAt),
        summary: `Break-glass ${grant.shortCode} on ${grant.tenant} by ${grant.requesterId} was not reviewed within ${formatDuration(reviewWithinMs)}`,
        evidence: {
          grants: [grantRef(grant)],
          people: [grant.requesterId],
          tenants: [grant.tenant],
          counts: { reviewWithinMinutes: Math.round(reviewWithinMs / 60_000) },
        },
      }),
    );
  }
  return findings;
}
