import { type AnomalyFinding, finding, windowText } from '../anomaly-finding.ts';
import { weekPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, type ScanGrant } from '../scan-input.ts';
import { groupedByTime, strongestWindows } from '../sliding-window.ts';

interface GivenApproval {
  grant: ScanGrant;
  approverId: string;
  at: number;
}

function topOf(counts: ReadonlyMap<string, number>): [string, number] {
  let top: [string, number] = ['', 0];
  for (const entry of counts) if (entry[1] > top[1]) top = entry;
  return top;
}

/**
 * One approver gave more than `maxShare` of a requester's approvals within the window, and at least `minApprovals`
 * of them: the four-eyes check has become a pair of friends.
 */
export function concentratedApproval(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { maxShare, minApprovals, windowMs, severity } = context.thresholds.concentratedApproval;
  const given: GivenApproval[] = input.grants.flatMap((grant) =>
    grant.approvals.map((a) => ({ grant, approverId: a.approverId, at: a.approvedAt })),
  );
  const window = {
    timeOf: (a: GivenApproval) => a.at,
    windowMs,
    from: context.from.getTime(),
    to: context.to.getTime(),
    distinctBy: (a: GivenApproval) => a.approverId,
    strength: (size: number, byApprover: ReadonlyMap<string, number>) => {
      const [, top] = topOf(byApprover);
      return top >= minApprovals && top / size > maxShare ? top : 0;
    },
    periodOf: (end: number) => weekPeriod(end, context.timeZone),
  };
  const findings: AnomalyFinding[] = [];
  for (const [requesterId, approvals] of groupedByTime(given, (a) => a.grant.requesterId, window.timeOf)) {
    if (approvals.length < minApprovals) continue; // too few approvals to judge
    const matches = strongestWindows(approvals, window);
    for (const match of matches) {
      const [approverId, top] = topOf(match.distinct);
      const total = match.items.length;
      const share = Math.round((top / total) * 100);
      findings.push(
        finding({
          rule: 'concentrated-approval',
          severity,
          subject: requesterId,
          period: match.period,
          at: new Date(match.end),
          summary: `One approver gave ${top} of ${total} approvals (${share}%) within ${windowText(windowMs)} (over ${Math.round(maxShare * 100)}%, at least ${minApprovals})`,
          evidence: {
            grants: match.items.filter((a) => a.approverId === approverId).map((a) => grantRef(a.grant)),
            people: [requesterId, approverId],
            tenants: match.items.map((a) => a.grant.tenant),
            counts: { approvals: total, byApprover: top, sharePercent: share },
          },
        }),
      );
    }
  }
  return findings;
}
