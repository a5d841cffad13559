/**
 * Per-method rate limits as Slack applies them: a method called more often than its limit in a sliding minute is
 * answered HTTP 429 with `Retry-After`, the whole seconds to wait
 * (https://docs.slack.dev/apis/web-api/rate-limits: "a HTTP 429 Too Many Requests error, and a Retry-After HTTP
 * header containing the number of seconds until you can retry"). WebClient reads the header with parseInt and gives
 * up on anything that is not a number (node-slack-sdk packages/web-api/src/WebClient.ts, parseRetryHeaders), so the
 * header is always a whole number of at least 1, a limit of zero included.
 */
const WINDOW_MS = 60_000;

export interface RateLimited {
  status: 429;
  headers: { 'retry-after': string };
  body: { ok: false; error: 'ratelimited' };
}

export class RateLimits {
  private readonly limits = new Map<string, { perMinute: number; hits: number[] }>();

  constructor(private readonly now: () => number) {}

  /** Limits `method` to `perMinute` calls in any minute; null lifts the limit. */
  set(method: string, perMinute: number | null): void {
    if (perMinute === null) this.limits.delete(method);
    else this.limits.set(method, { perMinute, hits: [] });
  }

  /** Counts a call; the 429 answer when it is one too many. */
  check(method: string): RateLimited | undefined {
    const limit = this.limits.get(method);
    if (!limit) return undefined;
    const now = this.now();
    limit.hits = limit.hits.filter((at) => now - at < WINDOW_MS);
    if (limit.hits.length < limit.perMinute) {
      limit.hits.push(now);
      return undefined;
    }
    // With a limit of 0 there is no oldest call to wait out: the whole minute must pass.
    const oldest = limit.hits[0] ?? now;
    const retryAfter = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
  }
}
