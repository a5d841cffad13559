import type { RequestHandler, Response } from 'express';
import type { TrailReader } from '../app/trail-reader.ts';
import type { TokenLookup } from '../db/cached-token-store.ts';
import { type ApiScope, type ApiToken, hasScope, tokenRefusal } from '../domain/api-token.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Actor } from '../domain/grant.ts';
import type { Clock } from '../domain/ports.ts';

/**
 * lastUsedAt is for operators deciding which tokens are stale, so minute precision is plenty; writing it at most
 * once a minute keeps a token row from becoming a write hot spot under a busy console.
 */
const TOUCH_INTERVAL_MS = 60_000;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token that authenticated this request (set by apiAuth). */
export function tokenOf(res: Response): ApiToken {
  const token = res.locals.apiToken as ApiToken | undefined;
  if (!token) throw new Error('tokenOf: apiAuth did not run before this handler');
  return token;
}

/** The API client as the audit trail names it: the token id. */
export function actorOf(res: Response): Actor {
  return { kind: 'api-client', id: tokenOf(res).id };
}

/** 401 unless the request carries a live token (known, not revoked, not expired). */
export function apiAuth(deps: { tokens: TokenLookup; clock: Clock }): RequestHandler {
  return async (req, res, next) => {
    res.locals.apiToken = await authenticate(deps, req.get('authorization'));
    next();
  };
}

/**
 * The live token an Authorization header presents (known, not revoked, not expired), marked used at most once a
 * minute; throws Unauthenticated (401) otherwise. apiAuth for the routes, and the session check's fast path.
 */
export async function authenticate(
  deps: { tokens: TokenLookup; clock: Clock },
  authorization: string | undefined,
): Promise<ApiToken> {
  const match = BEARER.exec(authorization ?? '');
  if (!match) {
    throw new GrantdeskError(ErrorCode.Unauthenticated, 'send an API token: Authorization: Bearer <token>');
  }
  const token = await deps.tokens.findBySecret(match[1]!);
  const at = deps.clock.now();
  if (!token) throw new GrantdeskError(ErrorCode.Unauthenticated, 'this API token is not known to Grantdesk');
  const refusal = tokenRefusal(token, at);
  if (refusal) throw new GrantdeskError(ErrorCode.Unauthenticated, `${refusal}: ask an operator for a new one`);
  if (!token.lastUsedAt || at.getTime() - token.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await deps.tokens.touch(token.id, at);
  }
  return token;
}

/** A route guard: 403 unless the token has one of `accepted` (admin has them all). The scopes are kept for the docs. */
export function requireScope(...accepted: ApiScope[]): RequestHandler & { scopes: readonly ApiScope[] } {
  const guard: RequestHandler = (_req, res, next) => {
    checkScope(tokenOf(res), accepted);
    next();
  };
  return Object.assign(guard, { scopes: accepted });
}

/** Throws Forbidden (403) unless the token has one of `accepted` (admin has them all). */
export function checkScope(token: ApiToken, accepted: readonly ApiScope[]): void {
  if (!hasScope(token, accepted)) {
    throw new GrantdeskError(
      ErrorCode.Forbidden,
      `this token lacks the scope for this endpoint: it needs ${accepted.join(' or ')} (it has ${token.scopes.join(', ')})`,
    );
  }
}

/** The token as a reader of the trail: the use case narrows what it sees to the tenant it is bound to. */
export function readerOf(res: Response): TrailReader {
  return { kind: 'token', tenant: tokenOf(res).tenant };
}
