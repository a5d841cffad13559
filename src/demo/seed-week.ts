/**
 * Plays a week of requests, decisions, uses and endings (week-stories.ts) through Grantdesk's own use cases, with a
 * clock set to each moment in turn, so every row, audit event and outbox message is exactly what the app would have
 * written had it happened then. The week seeded is the last complete one, which is what the digest reports on.
 * Each request carries a request key of its own, so seeding the same week again adds nothing.
 */
import type { Services } from '../app/services.ts';
import { isGrantdeskError } from '../domain/errors.ts';
import type { Actor } from '../domain/grant.ts';
import { formatIsoWeek, isoWeekRange, mondayOf, weekToReport } from '../domain/iso-week.ts';
import { addDays, zonedInstant } from '../domain/zoned-time.ts';
import type { DemoPerson } from './demo-workspace.ts';
import type { SettableClock } from './settable-clock.ts';
import { type Story, type StoryStep, WAITING_NOW, WEEK_STORIES } from './week-stories.ts';

const MINUTE = 60_000;
/** The console the demo's staff impersonate through, as it would call the REST API. */
const CONSOLE: Actor = { kind: 'api-client', id: 'demo-support-console' };
const CONSOLE_AGENT = 'AcmeConsole/4.2 (Chrome 131; macOS 15)';

export interface SeedWeekDeps {
  /** Use cases built with `clock`. */
  services: Services;
  /** PENDING_TTL, to move the clock past it before a request lapses. */
  pendingTtlMs: number;
  clock: SettableClock;
  timeZone: string;
  /** The anomaly scan bound to the same clock, run at the end of each seeded day as the hourly schedule would. */
  scanAnomalies?: () => Promise<unknown>;
}

export interface SeedReport {
  week: string;
  requests: number;
  alreadySeeded: boolean;
}

type Moment =
  | { at: Date; kind: 'request'; story: number }
  | { at: Date; kind: 'step'; story: number; step: StoryStep }
  | { at: Date; kind: 'scan' };

const staff = (person: DemoPerson): Actor => ({ kind: 'staff', id: person.id, email: person.email });

export async function seedWeek(deps: SeedWeekDeps, now: Date = new Date()): Promise<SeedReport> {
  const week = weekToReport(now, deps.timeZone);
  const label = formatIsoWeek(week);
  const monday = mondayOf(week);
  const requestedAt = (story: Story) => {
    const [hour, minute] = story.time.split(':').map(Number);
    return zonedInstant({ ...addDays(monday, story.day), hour, minute }, deps.timeZone);
  };
  const moments: Moment[] = WEEK_STORIES.flatMap((story, index): Moment[] => {
    const start = requestedAt(story);
    return [
      { at: start, kind: 'request', story: index },
      ...story.steps.map((step): Moment => ({ at: at(start, step.at), kind: 'step', story: index, step })),
    ];
  });
  if (deps.scanAnomalies) {
    const { start } = isoWeekRange(week, deps.timeZone);
    for (let day = 1; day <= 7; day += 1) {
      moments.push({ at: new Date(start.getTime() + day * 24 * 60 * MINUTE - 1000), kind: 'scan' });
    }
  }
  moments.sort((a, b) => a.at.getTime() - b.at.getTime());

  const grants = new Map<number, string>();
  let created = 0;
  for (const moment of moments) {
    deps.clock.set(moment.at);
    if (moment.kind === 'scan') await deps.scanAnomalies?.();
    else if (moment.kind === 'request') {
      const id = await request(deps, WEEK_STORIES[moment.story]!, `demo-seed:${label}:${moment.story}`);
      if (id) {
        grants.set(moment.story, id);
        created += 1;
      }
    } else {
      const grantId = grants.get(moment.story);
      if (grantId) await play(deps, WEEK_STORIES[moment.story]!, grantId, moment.step);
    }
  }
  deps.clock.set(new Date(now.getTime() - 3 * MINUTE));
  if (await request(deps, WAITING_NOW, `demo-seed:${label}:waiting`)) created += 1;
  deps.clock.set(now);
  return { week: label, requests: created, alreadySeeded: created === 0 };
}

function at(start: Date, minutes: number): Date {
  return new Date(start.getTime() + Math.round(minutes * MINUTE));
}

/** The request's grant id, or undefined when this week was seeded before (its key is taken). */
async function request(deps: SeedWeekDeps, story: Story, requestKey: string): Promise<string | undefined> {
  const { grant, duplicate } = await deps.services.requestGrant({
    requesterId: story.requester.id,
    requesterEmail: story.requester.email,
    tenant: story.tenant,
    targetUser: story.targetUser ?? null,
    reason: story.reason,
    ticketKey: story.ticketKey,
    durationMs: story.durationMs,
    requestKey,
  });
  return duplicate ? undefined : grant.id;
}

async function play(deps: SeedWeekDeps, story: Story, grantId: string, step: StoryStep): Promise<void> {
  const { services, clock } = deps;
  const requester = staff(story.requester);
  switch (step.do) {
    case 'approve':
      await services.approveGrant({ grantId, approver: staff(step.by) });
      return;
    case 'deny':
      await services.denyGrant({ grantId, approver: staff(step.by), reason: step.reason });
      return;
    case 'cancel':
      await services.cancelGrant({ grantId, actor: requester });
      return;
    case 'lapse': {
      // At the moment PENDING_TTL runs out, whatever it is configured to.
      const grant = await services.getGrant({ grantId });
      if (grant) clock.set(new Date(grant.requestedAt.getTime() + deps.pendingTtlMs));
      await services.lapseGrant({ grantId });
      return;
    }
    case 'use':
      await services.recordUse({ grantId, actor: CONSOLE, ipAddress: step.ip, userAgent: CONSOLE_AGENT });
      return;
    case 'act':
      await services.recordAction({ grantId, actor: CONSOLE, action: step.action });
      return;
    case 'end':
      await services.endGrant({ grantId, actor: requester });
      return;
    case 'revoke':
      await services.revokeGrant({ grantId, approver: staff(step.by), reason: step.reason });
      return;
    case 'expire': {
      // At the moment it is due, extensions included.
      const grant = await services.getGrant({ grantId });
      if (grant?.expiresAt) clock.set(grant.expiresAt);
      await services.expireGrant({ grantId });
      return;
    }
    case 'extend':
      await services.extendGrant({ grantId, actor: requester, durationMs: step.durationMs, reason: step.reason });
      return;
    case 'approve-extension':
      await services.approveExtension({ grantId, approver: staff(step.by) });
      return;
    case 'ticket-closed':
      await services.closeGrantForTicket({ grantId, ticketStatus: step.status });
      return;
    case 'refused-approve':
      await refused(() => services.approveGrant({ grantId, approver: staff(step.by) }));
      return;
    case 'refused-use':
      await refused(() =>
        services.recordUse({ grantId, actor: CONSOLE, ipAddress: step.ip, userAgent: CONSOLE_AGENT }),
      );
      return;
  }
}

/** A step the use case must refuse; the refusal (and its ACCESS_REFUSED event) is the point. */
async function refused(attempt: () => Promise<unknown>): Promise<void> {
  try {
    await attempt();
  } catch (error) {
    if (isGrantdeskError(error)) return;
    throw error;
  }
  throw new Error('The seed expected this step to be refused, and it was not');
}
