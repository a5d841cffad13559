import { digestFiles } from '../digest/digest-files.ts';
import { auditEvent } from '../domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import { formatIsoWeek, type IsoWeek, isoWeekRange, weekToReport } from '../domain/iso-week.ts';
import type { ClaimLedger, ClaimRecord, Clock, CompliancePoster } from '../domain/ports.ts';
import type { DigestSession } from '../domain/weekly-digest.ts';
import { type BuildDigestDeps, buildDigest } from './build-digest.ts';

export interface RunDigestDeps extends BuildDigestDeps {
  sessions: { sessions(range: { start: Date; end: Date }): Promise<DigestSession[]> };
  /** Schedule runs of the digest, keyed by ISO week. */
  runs: ClaimLedger;
  poster: CompliancePoster;
  clock: Clock;
}

export interface RunDigestInput {
  /** The week to post; by default the last complete week at `firedAt` (or now). */
  week?: IsoWeek;
  /** When the schedule fired: every replica firing together computes the same week from it. */
  firedAt?: Date;
  /** Post again even if this week's digest was posted (`grantdesk digest run --force`). */
  force?: boolean;
}

export type RunDigestOutcome =
  | { outcome: 'posted'; week: string; partial: boolean; channelId: string; messageTs: string; fileIds: string[] }
  | { outcome: 'already-posted' | 'in-progress'; week: string; partial: boolean; record: ClaimRecord | undefined };

/** The steps a run record says were done: the message posted (and the chain head it published). */
function progressOf(record: ClaimRecord | undefined): { messageTs: string; chainHead: unknown } | undefined {
  const progress = record?.details?.progress as { messageTs?: unknown; chainHead?: unknown } | null | undefined;
  return typeof progress?.messageTs === 'string'
    ? { messageTs: progress.messageTs, chainHead: progress.chainHead }
    : undefined;
}

/** Who the trail names as having posted the digest. */
const DIGEST_ACTOR = { kind: 'system', id: 'digest' } as const;

/**
 * Posts one week's digest to the compliance channel, once however many replicas (or operators) try: the run record
 * for the week is claimed first, and only its holder builds and posts. The post is then recorded as done together
 * with its DIGEST_POSTED audit event. A holder that fails gives the claim back; one that crashes loses it after the
 * claim timeout. Either way the next run posts it. Each step is recorded as it is done (the message, before its
 * files are uploaded), so a retry does only what is left: an upload that failed after the message went out (the bot
 * not in the channel) is retried into the same message's thread, never by posting the message again.
 *
 * A week still in progress is posted as a partial digest under a run record of its own (`2026-W47-partial`), so the
 * full digest still goes out once the week is over.
 */
export async function runDigest(deps: RunDigestDeps, input: RunDigestInput = {}): Promise<RunDigestOutcome> {
  const now = deps.clock.now();
  const { timeZone } = deps.settings;
  const week = input.week ?? weekToReport(input.firedAt ?? now, timeZone);
  const label = formatIsoWeek(week);
  const range = isoWeekRange(week, timeZone);
  if (range.start > now) {
    throw new GrantdeskError(ErrorCode.InvalidInput, `${label} has not started yet in ${timeZone}: pick a past week.`);
  }
  const partial = now < range.end;
  const period = partial ? `${label}-partial` : label;
  const [claimed] = await deps.runs.claim([period], { force: input.force ?? false });
  if (!claimed) {
    const record = await deps.runs.find(period);
    const outcome = record?.status === 'done' ? 'already-posted' : 'in-progress';
    return { outcome, week: label, partial, record };
  }
  try {
    // What an earlier attempt at this run already did (the message posted, when its upload failed).
    const done = progressOf(input.force ? undefined : await deps.runs.find(period));
    const [digest, sessions] = await Promise.all([buildDigest(deps, { week, now }), deps.sessions.sessions(range)]);
    const files = digestFiles(digest, sessions);
    const posted = await deps.poster.postDigest(digest, files, {
      postedTs: done?.messageTs,
      recordPosted: (messageTs) => deps.runs.progress(period, { progress: { messageTs, chainHead: digest.chainHead } }),
    });
    const details = {
      week: label,
      partial,
      forced: input.force ?? false,
      channelId: posted.channelId,
      messageTs: posted.messageTs,
      fileIds: posted.fileIds,
      sessions: digest.sessions,
      anomalies: digest.anomalies.length,
      // The head published is the one in the message, which an earlier attempt may have posted.
      chainHead: done?.chainHead ?? digest.chainHead,
      progress: null,
    };
    const recorded = auditEvent({ type: 'DIGEST_POSTED', actor: DIGEST_ACTOR, occurredAt: deps.clock.now(), details });
    await deps.runs.finish([period], details, [recorded]);
    return { outcome: 'posted', week: label, partial, ...posted };
  } catch (error) {
    await deps.runs.release([period]).catch(() => undefined);
    throw error;
  }
}
