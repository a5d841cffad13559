/**
 * The CSV of a week's sessions attached to the digest, written by the one CSV writer (csv-rows.ts: RFC 4180, CRLF
 * line ends, and cells a person typed defused so they cannot run as spreadsheet formulas).
 */
import { csvRows } from '../csv/csv-rows.ts';
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
  // Appended, not inserted, so a reader that counts columns keeps working.
  'access_level',
] as const;

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

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
  const rows = sessions.map((s) => [
    s.id,
    s.shortCode,
    s.adminEmail,
    s.adminSlackId,
    s.tenant,
    s.targetUser,
    s.ticketKey,
    s.reason,
    s.status,
    iso(s.startTime),
    iso(s.endTime),
    s.endReason ?? '',
    iso(s.expiresAt),
    s.endTime === null ? '' : Math.round((s.endTime - s.startTime) / 60_000),
    s.approvers.join(' '),
    s.uses,
    s.actions,
    s.ipAddress,
    s.userAgent,
    [...(rulesByGrant.get(s.id) ?? [])].join(' '),
    s.accessLevel,
  ]);
  return csvRows([SESSION_CSV_COLUMNS, ...rows]);
}
