import { formatDuration } from './duration.ts';
import type { Grant } from './grant.ts';
import { type Transition, unchanged } from './transition.ts';
import { endSession, expire } from './transitions.ts';

/** When an ACTIVE session falls idle: its start or its last use or action, plus the idle timeout. */
export function idleAtMs(grant: Pick<Grant, 'startTime'>, lastActivityAt: Date | null, idleTimeoutMs: number): number {
  const since = Math.max(grant.startTime?.getTime() ?? 0, lastActivityAt?.getTime() ?? 0);
  return since + idleTimeoutMs;
}

/**
 * SESSION_IDLE_TIMEOUT (DESIGN.md §5): an ACTIVE session with no use and no action for that long ends EXPIRED, with
 * `details.idle: true`. Judged from the last activity read under the grant's row lock, which every use and action
 * also takes, so a use that commits first keeps the session alive and one that comes after finds it ended.
 */
export function expireIdle(
  grant: Grant,
  { at, lastActivityAt, idleTimeoutMs }: { at: Date; lastActivityAt: Date | null; idleTimeoutMs: number },
): Transition {
  if (grant.status !== 'ACTIVE') return unchanged(grant, `${grant.shortCode} is ${grant.status}, nothing to expire.`);
  if (grant.expiresAt && at.getTime() >= grant.expiresAt.getTime()) return expire(grant, { at });
  const idleAt = idleAtMs(grant, lastActivityAt, idleTimeoutMs);
  if (at.getTime() < idleAt) {
    return unchanged(grant, `${grant.shortCode} is in use: idle from ${new Date(idleAt).toISOString()}`);
  }
  const note = `no use or action for ${formatDuration(idleTimeoutMs)}`;
  return endSession(grant, { kind: 'system', id: 'idle-expiry' }, at, 'EXPIRED', note, { idle: true });
}
