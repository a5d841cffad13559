/**
 * The CSV of a week's sessions attached to the digest (RFC 4180: quoted where needed, CRLF line ends). Cells a
 * person typed (reason, target user, user agent) could start with `=`, `+`, `-` or `@` and run as a formula when the
 * file is opened in a spreadsheet; such cells are prefixed with `'` (OWASP "CSV injection").
 */
import type { AnomalyFinding } from '../domain/anomaly/anomaly-finding.ts';
import type { DigestSession } from '../domain/weekly-digest.ts';

export const SESSION_CSV_COLUMNS = [
  'session_id',
  'short_code',
  'admin_email',
  'admin_slack_id',
  'tenant',
  'target_user',
  'ticket',
  'reason',
  'status',
  'start_time',
  'end_time',
  'end_reason',
  'expires_at',
  'duration_minutes',
  'approvers',
  'uses',
  'actions',
  'ip_address',
  'user_agent',
  'anomalies',
] as const;

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per session, oldest first; `anomalies` names the rules that flagged the session this week. */
export function sessionsCsv(sessions: readonly DigestSession[], anomalies: readonly AnomalyFinding[]): string {
  const rulesByGrant = new Map<string, Set<string>>();
  for (const finding of anomalies) {
    for (const grant of finding.evidence.grants) {
      const rules = rulesByGrant.get(grant.id) ?? new Set<string>();
      rules.add(finding.rule);
      rulesByGrant.set(grant.id, rules);
    }
  }
  const lines = [SESSION_CSV_COLUMNS.join(',')];
  for (const s of sessions) {
    const duration = s.endTime === null ? '' : Math.round((s.endTime - s.startTime) / 60_000);
    // Ids, times, numbers and statuses are ours and need no quoting; everything else goes through csvCell.
    lines.push(
      [
        s.id,
        csvCell(s.shortCode),
        csvCell(s.adminEmail),
        csvCell(s.adminSlackId),
        csvCell(s.tenant),
        csvCell(s.targetUser),
        csvCell(s.ticketKey),
        csvCell(s.reason),
        s.status,
        iso(s.startTime),
        iso(s.endTime),
        s.endReason ?? '',
        iso(s.expiresAt),
        duration,
        csvCell(s.approvers.join(' ')),
        s.uses,
        s.actions,
        csvCell(s.ipAddress),
        csvCell(s.userAgent),
        [...(rulesByGrant.get(s.id) ?? [])].join(' '),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
