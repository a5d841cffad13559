import { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';
import { measureExternalCall } from '../metrics/instruments.ts';
import { boltLogger } from './bolt-logger.ts';

/**
 * A Web API client for work done in jobs and lookups. Rate limits are not waited out inside the call (the client's
 * default would sleep for Retry-After, holding a worker or a click): the call fails at once with a rate-limit error,
 * and a job is retried by BullMQ with backoff. Other failures are not retried here either, for the same reason.
 */
export function slackWebClient(options: { botToken: string; apiUrl: string; logger: Logger }): WebClient {
  return new MeasuredWebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    logger: boltLogger(options.logger),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
}

/** Every Web API method goes through apiCall (filesUploadV2's steps included): time each by its method name. */
class MeasuredWebClient extends WebClient {
  override apiCall(method: string, options?: Record<string, unknown>) {
    return measureExternalCall('slack', method, () => super.apiCall(method, options));
  }
}
