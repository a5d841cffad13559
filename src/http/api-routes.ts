import express, { type Router } from 'express';
import { CachedTokenStore, type TokenChangeFeed } from '../db/cached-token-store.ts';
import { apiAuth } from './api-auth.ts';
import { type ApiDeps, DEFAULT_API_LIMITS, gateStatesOf } from './api-deps.ts';
import { apiErrorHandler, apiNotFound } from './api-error-handler.ts';
import { auditRoutes } from './audit-routes.ts';
import { impersonationRoutes } from './impersonation-routes.ts';
import { openApiDocument } from './openapi.ts';
import { refuseUnstorableInput } from './refuse-unstorable-input.ts';
import { type SessionCheckHandler, sessionCheckHandler } from './session-check-handler.ts';
import { TokenRateLimit, tokenRateLimit } from './token-rate-limit.ts';

/** Console calls carry a session id and a short action or a small JSON object; 16 KB is generous for them. */
export const API_BODY_LIMIT = '16kb';

/** The REST API: its Express router, and the console gate's fast path that a server tries before it. */
export interface ApiRoutes {
  router: Router;
  /** /check without Express (sessionCheckHandler), on the same tokens and rate limit as `router`. */
  sessionCheck: SessionCheckHandler;
}

/**
 * The REST API of DESIGN.md §3 under /api/v1: the OpenAPI document (public), then a token on every other request,
 * JSON bodies up to 16 KB, the routes, and errors as `{error: {code, message}}`. Everything is scoped to /api/v1, so
 * the body parser never reads the Slack endpoint's raw bodies.
 */
export function apiRoutes(deps: ApiDeps): ApiRoutes {
  const api = express.Router();
  api.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  // With the LISTEN connection, tokens are kept in memory (no query per request); without it, read every time.
  const feed = deps.sessionStates?.onApiTokenChange ? deps.sessionStates : null;
  const tokens = feed ? new CachedTokenStore(deps.tokens, feed as TokenChangeFeed) : deps.tokens;
  const perMinute = deps.limits?.requestsPerMinute ?? DEFAULT_API_LIMITS.requestsPerMinute;
  const rateLimit = new TokenRateLimit({ perMinute, clock: deps.clock });
  api.use('/api/v1', apiAuth({ tokens, clock: deps.clock }));
  api.use('/api/v1', tokenRateLimit(rateLimit));
  api.use('/api/v1', express.json({ limit: API_BODY_LIMIT }));
  api.use('/api/v1', refuseUnstorableInput);
  api.use(impersonationRoutes(deps));
  api.use(auditRoutes(deps));
  api.use('/api/v1', apiNotFound);
  api.use('/api/v1', apiErrorHandler(deps.logger));
  const { clock, logger } = deps;
  const sessionCheck = sessionCheckHandler({ tokens, rateLimit, states: gateStatesOf(deps), clock, logger });
  return { router: api, sessionCheck };
}
