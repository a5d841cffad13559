import type { RequestHandler } from 'express';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import { tokenOf } from './api-auth.ts';

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * API_RATE_LIMIT requests per minute per API token, as a token bucket: a token may burst up to a minute's worth,
 * then gets one request per 60/limit seconds. Beyond it: 429 with Retry-After (seconds until the next request is
 * allowed). Per process: a limit on what one client can make this process do, not an access decision.
 */
export function tokenRateLimit(deps: { perMinute: number; clock: Clock }): RequestHandler {
  const buckets = new Map<string, Bucket>();
  const perMs = deps.perMinute / 60_000;
  return (_req, res, next) => {
    const { id } = tokenOf(res);
    const nowMs = deps.clock.now().getTime();
    const bucket = buckets.get(id) ?? { tokens: deps.perMinute, atMs: nowMs };
    bucket.tokens = Math.min(deps.perMinute, bucket.tokens + Math.max(0, nowMs - bucket.atMs) * perMs);
    bucket.atMs = nowMs;
    buckets.set(id, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new GrantdeskError(
        ErrorCode.RateLimited,
        `this token made more than ${deps.perMinute} requests in a minute; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    bucket.tokens -= 1;
    next();
  };
}
