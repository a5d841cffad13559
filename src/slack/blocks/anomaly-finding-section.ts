import type { SectionBlock } from '@slack/types';
import type { AnomalyFinding, AnomalyRuleId } from '../../domain/anomaly/anomaly-finding.ts';
import type { Severity } from '../../domain/audit-event.ts';
import { escapeAndTruncate, singleLine, user } from '../mrkdwn.ts';
import { section } from './block-kit.ts';

export const RULE_TITLES: Readonly<Record<AnomalyRuleId, string>> = {
  'frequent-requests': 'Frequent requests',
  'off-hours-activation': 'Off-hours activation',
  'long-grant': 'Long grant',
  'ticket-reuse': 'Ticket reuse',
  'rubber-stamp-approval': 'Rubber-stamp approval',
  'concentrated-approval': 'Concentrated approval',
  'unused-grant': 'Unused grant',
  'refused-access': 'Refused access',
  'repeated-denials': 'Repeated denials',
  'tenant-hot-spot': 'Tenant hot spot',
  'unreviewed-break-glass': 'Unreviewed break-glass',
};

export const SEVERITY_ICONS: Readonly<Record<Severity, string>> = {
  HIGH: ':red_circle:',
  MEDIUM: ':large_orange_circle:',
  LOW: ':white_circle:',
};

/** How many of each kind of evidence a finding shows; the rest is counted ("and 12 more"). */
const SHOWN = { people: 8, grants: 10, tenants: 5 } as const;

/**
 * One finding: rule, severity and period, its summary, then the evidence (people as mentions, grants by short
 * code, tenants). Everything that came from data is escaped; the whole stays far below a section's 3000 characters.
 */
export function findingSection(finding: AnomalyFinding): SectionBlock {
  const { evidence } = finding;
  const lines = [
    `${SEVERITY_ICONS[finding.severity]} *${RULE_TITLES[finding.rule]}* · ${finding.severity} · ${escapeAndTruncate(finding.period, 20)}`,
    escapeAndTruncate(singleLine(finding.summary), 600),
  ];
  const list = (label: string, items: string[], shown: number) => {
    if (items.length === 0) return;
    const more = items.length > shown ? ` and ${items.length - shown} more` : '';
    lines.push(`${label}: ${items.slice(0, shown).join(', ')}${more}`);
  };
  list(
    'People',
    evidence.people.map((id) => user(id)),
    SHOWN.people,
  );
  list(
    'Grants',
    evidence.grants.map((g) => `\`${escapeAndTruncate(g.shortCode, 40)}\``),
    SHOWN.grants,
  );
  list(
    'Tenants',
    evidence.tenants.map((t) => escapeAndTruncate(singleLine(t), 60)),
    SHOWN.tenants,
  );
  return section(lines.join('\n'));
}
