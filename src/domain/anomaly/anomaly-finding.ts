/**
 * What an anomaly rule reports: which rule, how serious, about whom or what, for which period, and the evidence
 * (grants, people, tenants, counts) that lets compliance check it without querying anything.
 */
import type { Severity } from '../audit-event.ts';

export const ANOMALY_RULES = [
  'frequent-requests',
  'off-hours-activation',
  'long-grant',
  'ticket-reuse',
  'rubber-stamp-approval',
  'concentrated-approval',
  'unused-grant',
  'refused-access',
  'repeated-denials',
  'tenant-hot-spot',
  'unreviewed-break-glass',
] as const;
export type AnomalyRuleId = (typeof ANOMALY_RULES)[number];

export interface FindingEvidence {
  /** The grants involved, oldest first. */
  grants: { id: string; shortCode: string }[];
  /** Slack user ids (or API client ids) of the people involved, the subject first. */
  people: string[];
  tenants: string[];
  /** The numbers the threshold was applied to, e.g. `{ requests: 7 }`. */
  counts: Record<string, number>;
  /** Other facts worth showing as they are, e.g. `{ localTime: 'Sat 23:14' }`. */
  facts: Record<string, string>;
}

export interface AnomalyFinding {
  /**
   * `rule:subject:period`. The same anomaly seen by every later scan (and every replica) yields the same key, which
   * is how each finding is posted once.
   */
  key: string;
  rule: AnomalyRuleId;
  severity: Severity;
  /** Whom or what it is about: a requester, a grant, a ticket, a tenant. */
  subject: string;
  /** A local day (`2026-10-24`) or ISO week (`2026-W43`) in DIGEST_TIMEZONE. */
  period: string;
  /** When the evidence was complete: the latest event counted. */
  at: Date;
  /** One plain-text sentence (not mrkdwn: it may hold tenant names and ticket keys, which are escaped when shown). */
  summary: string;
  evidence: FindingEvidence;
}

export function finding(fields: Omit<AnomalyFinding, 'key' | 'evidence'> & { evidence: Partial<FindingEvidence> }) {
  const { evidence } = fields;
  return {
    ...fields,
    key: `${fields.rule}:${fields.subject}:${fields.period}`,
    evidence: {
      grants: evidence.grants ?? [],
      people: unique(evidence.people ?? []),
      tenants: unique(evidence.tenants ?? []),
      counts: evidence.counts ?? {},
      facts: evidence.facts ?? {},
    },
  } satisfies AnomalyFinding;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** `24 hours`, `7 days`: how a window reads in a summary. */
export function windowText(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours <= 48 || !Number.isInteger(hours / 24)) return `${+hours.toFixed(1)} hours`;
  return `${hours / 24} days`;
}
