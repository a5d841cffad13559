import { type AnomalyFinding, finding, windowText } from '../anomaly-finding.ts';
import { weekPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, type ScanGrant } from '../scan-input.ts';
import { groupedByTime, strongestWindows } from '../sliding-window.ts';

/** One tenant impersonated by more than `maxStaff` distinct people within the window (sessions, by start time). */
export function tenantHotSpot(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { maxStaff, windowMs, severity } = context.thresholds.tenantHotSpot;
  const sessions = input.grants.filter((g): g is ScanGrant & { startTime: number } => g.startTime !== null);
  const time = (grant: (typeof sessions)[number]) => grant.startTime;
  const window = {
    timeOf: time,
    windowMs,
    from: context.from.getTime(),
    to: context.to.getTime(),
    distinctBy: (grant: ScanGrant) => grant.requesterId,
    strength: (_size: number, staff: ReadonlyMap<string, number>) => (staff.size > maxStaff ? staff.size : 0),
    periodOf: (end: number) => weekPeriod(end, context.timeZone),
  };
  const findings: AnomalyFinding[] = [];
  for (const [tenant, grants] of groupedByTime(sessions, (g) => g.tenant, time)) {
    if (grants.length <= maxStaff) continue; // fewer sessions than the staff it takes
    const matches = strongestWindows(grants, window);
    for (const match of matches) {
      const staff = [...match.distinct.keys()];
      findings.push(
        finding({
          rule: 'tenant-hot-spot',
          severity,
          subject: tenant,
          period: match.period,
          at: new Date(match.end),
          summary: `${tenant} was impersonated by ${staff.length} people in ${match.items.length} sessions within ${windowText(windowMs)} (more than ${maxStaff})`,
          evidence: {
            grants: match.items.map(grantRef),
            people: staff,
            tenants: [tenant],
            counts: { staff: staff.length, sessions: match.items.length },
          },
        }),
      );
    }
  }
  return findings;
}
