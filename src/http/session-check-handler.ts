import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { checkSessionAccess, type SessionStateReader } from '../app/check-session.ts';
import type { TokenLookup } from '../db/cached-token-store.ts';
import type { ApiScope } from '../domain/api-token.ts';
import type { Clock } from '../domain/ports.ts';
import type { SessionCheck } from '../domain/session-check.ts';
import type { Logger } from '../logger.ts';
import { authenticate, checkScope } from './api-auth.ts';
import { apiErrorResponse } from './api-error-handler.ts';
import { timeResponse } from './metrics-routes.ts';
import { refuseUnstorableText } from './refuse-unstorable-input.ts';
import type { TokenRateLimit } from './token-rate-limit.ts';

/** The console gate's route (DESIGN.md §5), as the Express router registers it and the request metrics name it. */
export const SESSION_CHECK_ROUTE = '/api/v1/impersonation/sessions/:sessionId/check';
export const SESSION_CHECK_SCOPES: readonly ApiScope[] = ['sessions:write', 'audit:read'];

/**
 * The path as clients write it, with a query or none: the raw session id and the raw query. Other spellings that
 * Express routes to the same place (another case, a trailing slash, an absolute URL), and any character a URL parser
 * might read otherwise (a fragment, a space or a control, anything outside ASCII), are left to Express.
 */
const CHECK_PATH =
  /^\/api\/v1\/impersonation\/sessions\/([^/?#\0-\x20\x7f-\uffff]+)\/check(?:\?([^#\0-\x20\x7f-\uffff]*))?$/;

/** Answers a request and returns true, or returns false having touched nothing. */
export type SessionCheckHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface SessionCheckDeps {
  /** The API's own token lookup and rate limit (apiRoutes), so a token has one cache entry and one bucket. */
  tokens: TokenLookup;
  rateLimit: TokenRateLimit;
  states: SessionStateReader;
  clock: Clock;
  logger: Logger;
}

/**
 * `GET /api/v1/impersonation/sessions/:sessionId/check` without Express, for a console that calls it on every
 * impersonated request: Express's routing through every layer `serve` mounts cost more CPU than the answer. It
 * answers what the Express route does, from the same functions and in the same order: 401 (the token), 429 (the
 * rate limit), 422 (unstorable text in the query), 400 (a path that is not percent-encoded UTF-8), 403 (the scope),
 * then checkSessionAccess's 400, 404 or 200; HEAD as GET without the body. Every answer is timed under the route.
 *
 * It takes only GET and HEAD without a body (a body is Express's to read and refuse) at the path as clients write
 * it; anything else returns false untouched, and the server hands it to Express, whose route answers the rest.
 */
export function sessionCheckHandler(deps: SessionCheckDeps): SessionCheckHandler {
  return (req, res) => {
    const { method } = req;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const { headers } = req;
    if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
    const match = CHECK_PATH.exec(req.url ?? '');
    if (!match) return false;
    timeResponse(res, () => ({ route: SESSION_CHECK_ROUTE, method }));
    void respond(deps, req, res, match[1]!, match[2]);
    return true;
  };
}

/** A server's request listener: the session check first, whatever it leaves to `app`. */
export function withSessionCheck(sessionCheck: SessionCheckHandler, app: RequestListener): RequestListener {
  return (req, res) => {
    if (!sessionCheck(req, res)) app(req, res);
  };
}

async function respond(
  deps: SessionCheckDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rawId: string,
  rawQuery: string | undefined,
): Promise<void> {
  try {
    send(res, 200, await check(deps, req, rawId, rawQuery), {});
  } catch (error) {
    const path = (req.url ?? '').split('?')[0]!;
    const { status, headers, body } = apiErrorResponse(error, deps.logger, { method: req.method ?? 'GET', path });
    send(res, status, body, headers);
  }
}

async function check(
  deps: SessionCheckDeps,
  req: IncomingMessage,
  rawId: string,
  rawQuery: string | undefined,
): Promise<SessionCheck> {
  const token = await authenticate(deps, req.headers.authorization);
  deps.rateLimit.admit(token.id);
  // The query Express parses (its default "simple" parser is node:querystring), which /check itself ignores.
  if (rawQuery) refuseUnstorableText(undefined, parseQuery(rawQuery));
  // As Express decodes a route parameter: a URIError is the 400 that apiErrorResponse makes of it.
  const reference = decodeURIComponent(rawId);
  checkScope(token, SESSION_CHECK_SCOPES);
  return checkSessionAccess(deps, { reference, tenant: token.tenant });
}

/** As Express's res.json sends it, less the ETag (an answer that carries checkedAt is never the same twice). */
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  // Node sends no body in answer to HEAD, keeping the Content-Length of the GET.
  res.end(json);
}
