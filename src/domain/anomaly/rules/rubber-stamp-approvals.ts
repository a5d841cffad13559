import { type AnomalyFinding, finding } from '../anomaly-finding.ts';
import { dayPeriod } from '../period.ts';
import { type AnomalyScanContext, type AnomalyScanInput, grantRef, inPeriod } from '../scan-input.ts';

/**
 * An approval given less than `minReviewMs` after the approver card was posted. The card's post time is measured by
 * the request time (GRANT_REQUESTED): the card is posted after the request commits, so the time since the request
 * is never shorter than the time since the card. A flagged approval was therefore certainly quicker than the
 * threshold; a card delayed by Slack may hide a rubber stamp, but a careful approver is never flagged. Slack's own
 * message ts is not used: it comes from Slack's clock, not ours.
 */
export function rubberStampApprovals(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { minReviewMs, severity } = context.thresholds.rubberStampApproval;
  const findings: AnomalyFinding[] = [];
  for (const grant of input.grants) {
    for (const approval of grant.approvals) {
      if (!inPeriod(approval.approvedAt, context)) continue;
      const reviewMs = approval.approvedAt - grant.requestedAt;
      if (reviewMs >= minReviewMs) continue;
      const seconds = Math.max(0, Math.round(reviewMs / 100) / 10);
      findings.push(
        finding({
          rule: 'rubber-stamp-approval',
          severity,
          subject: `${grant.id}/${approval.approverId}`,
          period: dayPeriod(approval.approvedAt, context.timeZone),
          at: new Date(approval.approvedAt),
          summary: `${grant.shortCode} on ${grant.tenant} was approved ${seconds}s after it was requested (under ${minReviewMs / 1000}s)`,
          evidence: {
            grants: [grantRef(grant)],
            people: [approval.approverId, grant.requesterId],
            tenants: [grant.tenant],
            counts: { reviewSeconds: seconds },
          },
        }),
      );
    }
  }
  return findings;
}
