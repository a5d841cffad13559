import { type AnomalyFinding, finding } from '../anomaly-finding.ts';
import { dayPeriod } from '../period.ts';
import type { AnomalyScanContext, AnomalyScanInput, RefusedAccess } from '../scan-input.ts';

/**
 * Any ACCESS_REFUSED: a use after expiry, a non-approver's click, a self-approval. Refusals of one actor on one grant
 * in one day make one finding with their count, so a console retrying in a loop raises one alert, not hundreds.
 */
export function refusedAccess(input: AnomalyScanInput, context: AnomalyScanContext): AnomalyFinding[] {
  const { severity } = context.thresholds.refusedAccess;
  const groups = new Map<string, RefusedAccess[]>();
  for (const refusal of input.refusals) {
    if (refusal.occurredAt < context.from || refusal.occurredAt >= context.to) continue;
    const subject = `${refusal.actorId}/${refusal.grantId ?? '-'}`;
    const key = `${subject}:${dayPeriod(refusal.occurredAt, context.timeZone)}`;
    const group = groups.get(key);
    if (group) group.push(refusal);
    else groups.set(key, [refusal]);
  }
  return [...groups.values()].map((refusals) => {
    refusals.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    const first = refusals[0]!;
    const last = refusals[refusals.length - 1]!;
    const attempted = [...new Set(refusals.map((r) => r.attempted ?? 'unknown'))].join(', ');
    const codes = [...new Set(refusals.map((r) => r.code ?? 'unknown'))].join(', ');
    const what = first.grantShortCode
      ? `${first.grantShortCode}${first.tenant ? ` on ${first.tenant}` : ''}`
      : 'a grant';
    return finding({
      rule: 'refused-access',
      severity,
      subject: `${first.actorId}/${first.grantId ?? '-'}`,
      period: dayPeriod(first.occurredAt, context.timeZone),
      at: last.occurredAt,
      summary: `${refusals.length} refused attempt(s) to ${attempted} ${what} (${codes})`,
      evidence: {
        grants: first.grantId ? [{ id: first.grantId, shortCode: first.grantShortCode ?? first.grantId }] : [],
        people: [first.actorId],
        tenants: first.tenant ? [first.tenant] : [],
        counts: { refusals: refusals.length },
        facts: { attempted, codes },
      },
    });
  });
}
