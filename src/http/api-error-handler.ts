import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode, GrantdeskError, isGrantdeskError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { statusOf } from './error-status.ts';

/** What express's body parser throws, by its `type`, as our own errors. */
function fromBodyParser(error: { type?: unknown; limit?: unknown }): GrantdeskError | undefined {
  if (error.type === 'entity.too.large') {
    return new GrantdeskError(
      ErrorCode.PayloadTooLarge,
      `body: larger than the ${Number(error.limit) / 1024} KB limit`,
    );
  }
  if (error.type === 'entity.parse.failed') {
    return new GrantdeskError(ErrorCode.InvalidInput, 'body: not valid JSON', { field: 'body' });
  }
  if (typeof error.type === 'string' && error.type.startsWith('encoding.')) {
    return new GrantdeskError(ErrorCode.InvalidInput, 'body: unsupported encoding; send UTF-8 JSON', { field: 'body' });
  }
  return undefined;
}

/** Renders every error as `{error: {code, message}}`; anything unexpected is logged and shown as a bare 500. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      logger.error({ err: error, path: req.path }, 'API response failed after it started');
      next(error);
      return;
    }
    const known = isGrantdeskError(error) ? error : fromBodyParser(error as { type?: unknown });
    if (!known) {
      logger.error({ err: error, method: req.method, path: req.path }, 'API request failed');
      res
        .status(500)
        .json({ error: { code: 'internal', message: 'Grantdesk failed to answer; the error is logged.' } });
      return;
    }
    if (known.code === ErrorCode.Unauthenticated) res.set('WWW-Authenticate', 'Bearer realm="grantdesk"');
    const field = typeof known.details.field === 'string' ? { field: known.details.field } : {};
    res.status(statusOf(known.code)).json({ error: { code: known.code, message: known.message, ...field } });
  };
}

/** Any path under the API that no route matched. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new GrantdeskError(ErrorCode.NotFound, `no API route ${req.method} ${req.originalUrl.split('?')[0]}`));
};
