import { type AnomalyFinding, finding, windowText } from '../anomaly-finding.ts';
import { weekPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, type ScanGrant } from '../scan-input.ts';
import { groupedByTime, strongestWindows } from '../sliding-window.ts';

/** One ticket behind grants on more than `maxTenants` tenants or more than `maxGrants` grants within the window. */
export function ticketReuse(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { maxTenants, maxGrants, windowMs, severity } = context.thresholds.ticketReuse;
  const time = (grant: (typeof input.grants)[number]) => grant.requestedAt;
  const window = {
    timeOf: time,
    windowMs,
    from: context.from.getTime(),
    to: context.to.getTime(),
    distinctBy: (grant: ScanGrant) => grant.tenant,
    strength: (size: number, tenants: ReadonlyMap<string, number>) =>
      tenants.size > maxTenants || size > maxGrants ? size + tenants.size : 0,
    periodOf: (end: number) => weekPeriod(end, context.timeZone),
  };
  const findings: AnomalyFinding[] = [];
  for (const [ticketKey, grants] of groupedByTime(input.grants, (g) => g.ticketKey.toUpperCase(), time)) {
    // Most tickets back a grant or two: they cannot cross either limit, so no window is worth sliding.
    if (grants.length <= Math.min(maxTenants, maxGrants)) continue;
    const matches = strongestWindows(grants, window);
    for (const match of matches) {
      const tenants = [...match.distinct.keys()];
      findings.push(
        finding({
          rule: 'ticket-reuse',
          severity,
          subject: ticketKey,
          period: match.period,
          at: new Date(match.end),
          summary:
            `${ticketKey} justified ${match.items.length} grants on ${tenants.length} tenants within ` +
            `${windowText(windowMs)} (limits: ${maxTenants} tenants, ${maxGrants} grants)`,
          evidence: {
            grants: match.items.map(grantRef),
            people: match.items.map((g) => g.requesterId),
            tenants,
            counts: { grants: match.items.length, tenants: tenants.length },
            facts: { ticket: ticketKey },
          },
        }),
      );
    }
  }
  return findings;
}
