import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { ErrorCode, GrantdeskError, isGrantdeskError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { statusOf } from './error-status.ts';

/**
 * What express throws for a request it cannot read, by its `type` (body-parser) or class (a path that is not
 * percent-encoded UTF-8), as our own errors: a client's mistake is a 4xx that says what to send instead.
 */
function fromExpress(error: {
  type?: unknown;
  limit?: unknown;
  status?: unknown;
  charset?: unknown;
}): GrantdeskError | undefined {
  if (error instanceof URIError) {
    return new GrantdeskError(ErrorCode.InvalidInput, 'path: not valid percent-encoded UTF-8', { field: 'path' });
  }
  if (error.type === 'entity.too.large') {
    return new GrantdeskError(
      ErrorCode.PayloadTooLarge,
      `body: larger than the ${Number(error.limit) / 1024} KB limit`,
    );
  }
  if (error.type === 'entity.parse.failed') {
    return new GrantdeskError(ErrorCode.InvalidInput, 'body: not valid JSON', { field: 'body' });
  }
  if (error.type === 'charset.unsupported') {
    return new GrantdeskError(
      ErrorCode.UnsupportedMediaType,
      `body: charset ${String(error.charset ?? '').toUpperCase()} is not supported; send UTF-8 JSON (Content-Type: application/json)`,
      { field: 'body' },
    );
  }
  if (error.type === 'encoding.unsupported') {
    return new GrantdeskError(
      ErrorCode.UnsupportedMediaType,
      'body: unsupported Content-Encoding; send it uncompressed, or as gzip, deflate or br',
      { field: 'body' },
    );
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    // The body could not be read at all, e.g. a Content-Encoding: gzip body that is not gzip.
    return new GrantdeskError(
      ErrorCode.InvalidInput,
      'body: could not be read; check that it matches its Content-Encoding and Content-Length',
      { field: 'body' },
    );
  }
  return undefined;
}

/** Every error the API answers: `field` names the input to fix, when one is to blame. */
export const apiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/** An error's answer: status, headers and `{error: {code, message}}` body. */
export interface ApiErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: z.infer<typeof apiErrorBody>;
}

/** Renders every error as `{error: {code, message}}`; anything unexpected is logged and shown as a bare 500. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      logger.error({ err: error, path: req.path }, 'API response failed after it started');
      next(error);
      return;
    }
    const { status, headers, body } = apiErrorResponse(error, logger, req);
    res.set(headers).status(status).json(body);
  };
}

/**
 * The answer to an error of the API, for apiErrorHandler and the session check's fast path: a known one with its
 * status (Unauthenticated with a WWW-Authenticate challenge, RateLimited with Retry-After); anything unexpected is
 * logged and shown as a bare 500.
 */
export function apiErrorResponse(
  error: unknown,
  logger: Logger,
  request: { method: string; path: string },
): ApiErrorResponse {
  const known = isGrantdeskError(error) ? error : fromExpress(error as { type?: unknown });
  if (!known) {
    logger.error({ err: error, method: request.method, path: request.path }, 'API request failed');
    const message = 'Grantdesk failed to answer; the error is logged.';
    return { status: 500, headers: {}, body: { error: { code: 'internal', message } } };
  }
  const headers: Record<string, string> = {};
  if (known.code === ErrorCode.Unauthenticated) headers['WWW-Authenticate'] = 'Bearer realm="grantdesk"';
  if (typeof known.details.retryAfterSeconds === 'number') {
    headers['Retry-After'] = String(known.details.retryAfterSeconds);
  }
  const field = typeof known.details.field === 'string' ? { field: known.details.field } : {};
  return {
    status: statusOf(known.code),
    headers,
    body: { error: { code: known.code, message: known.message, ...field } },
  };
}

/** Any path under the API that no route matched. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new GrantdeskError(ErrorCode.NotFound, `no API route ${req.method} ${req.originalUrl.split('?')[0]}`));
};
