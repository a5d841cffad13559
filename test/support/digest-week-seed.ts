/** A week of grants played through the real use cases, at chosen moments, for the digest and anomaly tests. */
import type { AnomalyRuleId } from '../../src/domain/anomaly/anomaly-finding.ts';
import { type IsoWeek, isoWeekRange } from '../../src/domain/iso-week.ts';
import { aRequest, type Harness, staff } from './services-harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SeededWeek {
  start: Date;
  end: Date;
  ids: { normal: string; rubberStamped: string; offHours: string; denied: string; lapsed: string; active: string };
  /** Sessions started in the week. */
  sessions: number;
}

/**
 * In `week` (Europe/Paris): Monday a normal session, used and ended, then a use refused on it; Tuesday one for write
 * access approved after 5 s and ended unused; Wednesday 23:00 one that expires unused; Thursday a denial and a lapse;
 * Sunday 23:50 one still active at the week's end. The week before holds one session, for the week-over-week change. All on
 * OPS-123 by UREQUESTER, approved by UAPPROVER1.
 */
export async function seedWeek(h: Harness, week: IsoWeek): Promise<SeededWeek> {
  const { start, end } = isoWeekRange(week, 'Europe/Paris');
  const at = (offsetMs: number) => h.clock.set(new Date(start.getTime() + offsetMs));
  const approver = staff('UAPPROVER1');
  const requester = staff('UREQUESTER');
  const session = async (requestAt: number, approveAfterMs: number, overrides: Parameters<typeof aRequest>[0] = {}) => {
    at(requestAt);
    const { grant } = await h.services.requestGrant(aRequest(overrides));
    h.clock.advance(approveAfterMs);
    await h.services.approveGrant({ grantId: grant.id, approver });
    return grant.id;
  };

  const previous = await session(-3 * DAY + 10 * HOUR, 5 * MINUTE);
  h.clock.advance(10 * MINUTE);
  await h.services.endGrant({ grantId: previous, actor: requester });

  // Monday 10:00 Paris (09:00 UTC): used, an action, ended by the requester.
  const normal = await session(10 * HOUR, 5 * MINUTE);
  h.clock.advance(MINUTE);
  await h.services.recordUse({ grantId: normal, actor: requester, ipAddress: '10.0.0.7', userAgent: 'Console/1.0' });
  await h.services.recordAction({ grantId: normal, actor: requester, action: 'Reset MFA for jane' });
  h.clock.advance(10 * MINUTE);
  await h.services.endGrant({ grantId: normal, actor: requester });
  // Then the console tries to use it again: refused and audited.
  await h.services
    .recordUse({ grantId: normal, actor: requester, ipAddress: '10.0.0.7', userAgent: 'Console/1.0' })
    .catch(() => undefined);

  // Tuesday 11:00: write access, approved 5 s after the request, never used.
  const rubberStamped = await session(DAY + 11 * HOUR, 5_000, { accessLevel: 'write' });
  h.clock.advance(20 * MINUTE);
  await h.services.endGrant({ grantId: rubberStamped, actor: requester });

  // Wednesday 23:00 Paris: off hours; expires after its 30 minutes.
  const offHours = await session(2 * DAY + 23 * HOUR, 3 * MINUTE);
  h.clock.advance(31 * MINUTE);
  await h.services.expireGrant({ grantId: offHours });

  // Thursday: one denied, one left to lapse.
  at(3 * DAY + 9 * HOUR);
  const denied = (await h.services.requestGrant(aRequest())).grant.id;
  h.clock.advance(MINUTE);
  await h.services.denyGrant({ grantId: denied, approver, reason: 'Not for this ticket' });
  const lapsed = (await h.services.requestGrant(aRequest())).grant.id;
  h.clock.advance(5 * HOUR);
  await h.services.lapseGrant({ grantId: lapsed });

  // Sunday 23:50: off hours, and still active when a digest is built just after the week ends.
  const active = await session(6 * DAY + 23 * HOUR + 40 * MINUTE, 10 * MINUTE);
  return { start, end, ids: { normal, rubberStamped, offHours, denied, lapsed, active }, sessions: 4 };
}

/**
 * The anomalies seedWeek plants, by rule (each ended-unused and each off-hours session counts once). Six requests on
 * OPS-123 in the week are a ticket reuse; UAPPROVER1's four approvals are too few for concentrated approval.
 */
export const SEEDED_ANOMALIES = (
  [
    'refused-access',
    'off-hours-activation',
    'off-hours-activation',
    'rubber-stamp-approval',
    'ticket-reuse',
    'unused-grant',
    'unused-grant',
  ] satisfies AnomalyRuleId[]
).sort();
