import { WebAPIPlatformError } from '@slack/web-api';

/**
 * Slack's own answers that may succeed later (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
 * Every other `ok: false` answer (channel_not_found, invalid_blocks, not_in_channel, missing_scope, invalid_auth…)
 * will fail the same way however often it is retried.
 */
const TRANSIENT_PLATFORM_ERRORS: ReadonlySet<string> = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * True when Slack refused the call for good. Rate limits (HTTP 429), network failures and 5xx answers are not:
 * they are thrown as they are and retried by the job with backoff.
 */
export function isPermanentSlackError(error: unknown): error is WebAPIPlatformError {
  return error instanceof WebAPIPlatformError && !TRANSIENT_PLATFORM_ERRORS.has(error.data.error);
}
