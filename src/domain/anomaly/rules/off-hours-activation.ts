import { isWithinBusinessHours } from '../../business-hours.ts';
import { zonedParts } from '../../zoned-time.ts';
import { type AnomalyFinding, finding } from '../anomaly-finding.ts';
import { dayPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, inPeriod } from '../scan-input.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * A session that became active outside BUSINESS_HOURS, read on DIGEST_TIMEZONE's wall clock at the moment it
 * started (so 08:30 in Paris is 08:30 in summer and in winter alike).
 */
export function offHoursActivation(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { severity } = context.thresholds.offHoursActivation;
  const findings: AnomalyFinding[] = [];
  for (const grant of input.grants) {
    if (!inPeriod(grant.startTime, context)) continue;
    const local = zonedParts(grant.startTime, context.timeZone);
    if (isWithinBusinessHours(local, context.businessHours)) continue;
    const clock = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
    const localTime = `${WEEKDAYS[local.weekday]} ${clock} ${context.timeZone}`;
    findings.push(
      finding({
        rule: 'off-hours-activation',
        severity,
        subject: grant.id,
        period: dayPeriod(grant.startTime, context.timeZone),
        at: new Date(grant.startTime),
        summary: `${grant.shortCode} on ${grant.tenant} became active ${localTime}, outside business hours`,
        evidence: {
          grants: [grantRef(grant)],
          people: [grant.requesterId, ...grant.approvals.map((a) => a.approverId)],
          tenants: [grant.tenant],
          facts: { localTime },
        },
      }),
    );
  }
  return findings;
}
