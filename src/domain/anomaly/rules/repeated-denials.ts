import { type AnomalyFinding, finding, windowText } from '../anomaly-finding.ts';
import { weekPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, type ScanGrant } from '../scan-input.ts';
import { groupedByTime, strongestWindows } from '../sliding-window.ts';

/** At least `minDenials` denied requests of one requester within the window: someone keeps asking for what is refused. */
export function repeatedDenials(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { minDenials, windowMs, severity } = context.thresholds.repeatedDenials;
  const denied = input.grants.filter(
    (g): g is ScanGrant & { decidedAt: number } => g.status === 'DENIED' && g.decidedAt !== null,
  );
  const time = (grant: (typeof denied)[number]) => grant.decidedAt;
  const window = {
    timeOf: time,
    windowMs,
    from: context.from.getTime(),
    to: context.to.getTime(),
    strength: (size: number) => (size >= minDenials ? size : 0),
    periodOf: (end: number) => weekPeriod(end, context.timeZone),
  };
  const findings: AnomalyFinding[] = [];
  for (const [requesterId, grants] of groupedByTime(denied, (g) => g.requesterId, time)) {
    if (grants.length < minDenials) continue;
    const matches = strongestWindows(grants, window);
    for (const match of matches) {
      findings.push(
        finding({
          rule: 'repeated-denials',
          severity,
          subject: requesterId,
          period: match.period,
          at: new Date(match.end),
          summary: `${match.items.length} requests denied within ${windowText(windowMs)} (${minDenials} or more)`,
          evidence: {
            grants: match.items.map(grantRef),
            people: [requesterId, ...match.items.flatMap((g) => (g.decidedBy ? [g.decidedBy] : []))],
            tenants: match.items.map((g) => g.tenant),
            counts: { denials: match.items.length },
          },
        }),
      );
    }
  }
  return findings;
}
