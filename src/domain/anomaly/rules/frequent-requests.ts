import { type AnomalyFinding, finding, windowText } from '../anomaly-finding.ts';
import { dayPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef } from '../scan-input.ts';
import { groupedByTime, strongestWindows } from '../sliding-window.ts';

/** A requester with more than `maxGrants` requests (whatever became of them) within the window; once a day. */
export function frequentRequests(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { maxGrants, windowMs, severity } = context.thresholds.frequentRequests;
  const time = (grant: (typeof input.grants)[number]) => grant.requestedAt;
  const window = {
    timeOf: time,
    windowMs,
    from: context.from.getTime(),
    to: context.to.getTime(),
    strength: (size: number) => (size > maxGrants ? size : 0),
    periodOf: (end: number) => dayPeriod(end, context.timeZone),
  };
  const findings: AnomalyFinding[] = [];
  for (const [requesterId, grants] of groupedByTime(input.grants, (g) => g.requesterId, time)) {
    if (grants.length <= maxGrants) continue; // no window of theirs can hold more
    const matches = strongestWindows(grants, window);
    for (const match of matches) {
      findings.push(
        finding({
          rule: 'frequent-requests',
          severity,
          subject: requesterId,
          period: match.period,
          at: new Date(match.end),
          summary: `${match.items.length} requests within ${windowText(windowMs)} (more than ${maxGrants})`,
          evidence: {
            grants: match.items.map(grantRef),
            people: [requesterId],
            tenants: match.items.map((g) => g.tenant),
            counts: { requests: match.items.length },
          },
        }),
      );
    }
  }
  return findings;
}
