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
 * allowed). Per process: a limit on what one client can make this process do, not an access decision. One per
 * process's API, shared by its routes and the session check's fast path, so a token has one bucket however it calls.
 */
export class TokenRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly deps: { perMinute: number; clock: Clock }) {
    this.perMs = deps.perMinute / 60_000;
  }

  /** Takes one request from the token's bucket; throws RateLimited (429) when it is empty. */
  admit(tokenId: string): void {
    const { perMinute } = this.deps;
    const nowMs = this.deps.clock.now().getTime();
    const bucket = this.buckets.get(tokenId) ?? { tokens: perMinute, atMs: nowMs };
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, nowMs - bucket.atMs) * this.perMs);
    bucket.atMs = nowMs;
    this.buckets.set(tokenId, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
      throw new GrantdeskError(
        ErrorCode.RateLimited,
        `this token made more than ${perMinute} requests in a minute; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    bucket.tokens -= 1;
  }
}

/** The rate limit as a middleware, after apiAuth. */
export function tokenRateLimit(limit: TokenRateLimit): RequestHandler {
  return (_req, res, next) => {
    limit.admit(tokenOf(res).id);
    next();
  };
}
