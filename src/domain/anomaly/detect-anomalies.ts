/**
 * Runs every anomaly rule over one scanned period. Pure: the same input and context give the same findings, in the
 * same order (most severe first, then oldest), on every replica.
 */
import type { Severity } from '../audit-event.ts';
import type { AnomalyFinding, AnomalyRuleId } from './anomaly-finding.ts';
import { concentratedApproval } from './rules/concentrated-approval.ts';
import { frequentRequests } from './rules/frequent-requests.ts';
import { longGrants } from './rules/long-grants.ts';
import { offHoursActivation } from './rules/off-hours-activation.ts';
import { refusedAccess } from './rules/refused-access.ts';
import { repeatedDenials } from './rules/repeated-denials.ts';
import { rubberStampApprovals } from './rules/rubber-stamp-approvals.ts';
import { tenantHotSpot } from './rules/tenant-hot-spot.ts';
import { ticketReuse } from './rules/ticket-reuse.ts';
import { unreviewedBreakGlass } from './rules/unreviewed-break-glass.ts';
import { unusedGrants } from './rules/unused-grants.ts';
import type { AnomalyScanContext, AnomalyScanInput } from './scan-input.ts';

export type AnomalyRule = (input: AnomalyScanInput, context: AnomalyScanContext) => AnomalyFinding[];

export const RULES: Readonly<Record<AnomalyRuleId, AnomalyRule>> = {
  'frequent-requests': frequentRequests,
  'off-hours-activation': offHoursActivation,
  'long-grant': longGrants,
  'ticket-reuse': ticketReuse,
  'rubber-stamp-approval': rubberStampApprovals,
  'concentrated-approval': concentratedApproval,
  'unused-grant': unusedGrants,
  'refused-access': refusedAccess,
  'repeated-denials': repeatedDenials,
  'tenant-hot-spot': tenantHotSpot,
  'unreviewed-break-glass': unreviewedBreakGlass,
};

const SEVERITY_RANK: Record<Severity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export function detectAnomalies(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  return Object.values(RULES)
    .flatMap((rule) => rule(input, context))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.at.getTime() - b.at.getTime() ||
        // Plain code-unit order: stable everywhere, and far cheaper than localeCompare over thousands of keys.
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}
