import type { AnomalyFinding } from '../../src/domain/anomaly/anomaly-finding.ts';
import type { DigestSession, WeeklyDigest } from '../../src/domain/weekly-digest.ts';

/** Text that would ping or mislead if it reached Slack unescaped. */
export const HOSTILE = '<!channel> <@U123> <http://evil|bank>';

export function aFinding(overrides: Partial<AnomalyFinding> = {}): AnomalyFinding {
  return {
    key: 'refused-access:U0INTRUDER/g1:2026-10-21',
    rule: 'refused-access',
    severity: 'HIGH',
    subject: 'U0INTRUDER/g1',
    period: '2026-10-21',
    at: new Date('2026-10-21T10:00:00Z'),
    summary: `2 refused attempt(s) to use G-7K3M9Q on acme ${HOSTILE} (grant_not_active)`,
    evidence: {
      grants: [{ id: 'g1', shortCode: 'G-7K3M9Q' }],
      people: ['U0INTRUDER'],
      tenants: [`acme ${HOSTILE}`],
      counts: { refusals: 2 },
      facts: {},
    },
    ...overrides,
  };
}

/** The digest of 2026-W43 in Paris (the week of the autumn change). */
export function aDigest(overrides: Partial<WeeklyDigest> = {}): WeeklyDigest {
  return {
    week: '2026-W43',
    timeZone: 'Europe/Paris',
    start: new Date('2026-10-18T22:00:00Z'),
    end: new Date('2026-10-25T23:00:00Z'),
    partial: false,
    generatedAt: new Date('2026-10-26T08:00:00Z'),
    sessions: 42,
    previousWeekSessions: 35,
    activeNow: 3,
    averageDurationMs: 23 * 60_000,
    topAdmins: [
      { admin: 'ada@example.test', slackId: 'U0ADA', sessions: 12 },
      { admin: `mallory ${HOSTILE}`, slackId: `mallory ${HOSTILE}`, sessions: 4 },
    ],
    byOutcome: { ACTIVE: 2, NORMAL: 30, FORCED: 2, EXPIRED: 8 },
    requests: 50,
    denials: 5,
    lapses: 3,
    sessionsPerDay: [
      ['2026-10-19', 8],
      ['2026-10-20', 9],
      ['2026-10-21', 7],
      ['2026-10-22', 6],
      ['2026-10-23', 10],
      ['2026-10-24', 1],
      ['2026-10-25', 1],
    ].map(([day, sessions]) => ({ day: day as string, sessions: sessions as number })),
    monthlyTrend: Array.from({ length: 12 }, (_, i) => ({
      month: i < 2 ? `2025-${11 + i}` : `2026-${String(i - 1).padStart(2, '0')}`,
      sessions: 100 + i * 10,
    })),
    anomalies: [aFinding()],
    breakGlass: [],
    chainHead: { seq: 1234, hash: 'ab'.repeat(32) },
    ...overrides,
  };
}

export function aSession(overrides: Partial<DigestSession> = {}): DigestSession {
  return {
    id: 'g1',
    shortCode: 'G-7K3M9Q',
    adminSlackId: 'U0ADA',
    adminEmail: 'ada@example.test',
    tenant: 'acme',
    targetUser: 'jane@acme.test',
    ticketKey: 'OPS-1',
    reason: 'Reproduce the export bug',
    status: 'ENDED',
    startTime: Date.parse('2026-10-21T09:00:00Z'),
    endTime: Date.parse('2026-10-21T09:30:00Z'),
    endReason: 'NORMAL',
    expiresAt: Date.parse('2026-10-21T09:30:00Z'),
    approvers: ['U0APPROVER1'],
    uses: 2,
    actions: 1,
    ipAddress: '10.0.0.7',
    userAgent: 'Console/1.0',
    accessLevel: 'read',
    ...overrides,
  };
}
