/**
 * The REST API over real HTTP: the app's own router on port 0 in front of a test database of its own, with one
 * token per kind of caller the tests need (each scope, tenant-bound ones, an expired and a revoked one).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApiToken } from '../../src/app/create-api-token.ts';
import { revokeApiToken } from '../../src/app/revoke-api-token.ts';
import type { ApiScope } from '../../src/domain/api-token.ts';
import type { ApiLimits } from '../../src/http/api-deps.ts';
import { apiRoutes } from '../../src/http/api-routes.ts';
import { withSessionCheck } from '../../src/http/session-check-handler.ts';
import { createLogger } from '../../src/logger.ts';
import { randomIds } from '../../src/system-clock.ts';
import { aRequest, createHarness, type Harness, staff } from './services-harness.ts';

const operator = { kind: 'system' as const, id: 'test' };

export const TOKEN_KINDS = {
  sessionsWriter: { scopes: ['sessions:write'], tenant: null },
  auditReader: { scopes: ['audit:read'], tenant: null },
  auditWriter: { scopes: ['audit:write'], tenant: null },
  admin: { scopes: ['admin'], tenant: null },
  acmeWriter: { scopes: ['sessions:write'], tenant: 'acme-corp' },
  acmeReader: { scopes: ['audit:read'], tenant: 'acme-corp' },
  acmeAuditWriter: { scopes: ['audit:write'], tenant: 'acme-corp' },
  globexWriter: { scopes: ['sessions:write'], tenant: 'globex' },
  globexReader: { scopes: ['audit:read', 'audit:write'], tenant: 'globex' },
  expired: { scopes: ['admin'], tenant: null },
  revoked: { scopes: ['admin'], tenant: null },
} satisfies Record<string, { scopes: ApiScope[]; tenant: string | null }>;
export type TokenKind = keyof typeof TOKEN_KINDS;

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
  body: any;
  text: string;
}

export interface ApiHarness extends Harness {
  baseUrl: string;
  secrets: Record<TokenKind, string>;
  tokenIds: Record<TokenKind, string>;
  call(
    method: string,
    path: string,
    options?: { token?: TokenKind | null; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  /** A grant of UREQUESTER on acme-corp (or `tenant`) as `targetUser` (else a user of its own), ACTIVE unless `approve` is false. */
  aSession(options?: {
    tenant?: string;
    targetUser?: string;
    approve?: boolean;
    accessLevel?: 'read' | 'write';
  }): Promise<string>;
  close(): Promise<void>;
}

export async function createApiHarness(options: { limits?: Partial<ApiLimits> } = {}): Promise<ApiHarness> {
  const h = await createHarness();
  const app = express();
  const limits = options.limits ?? {};
  const api = apiRoutes({
    services: h.services,
    tokens: h.stores.tokens,
    clock: h.clock,
    logger: createLogger('silent'),
    limits,
  });
  app.use(api.router);
  // Served as `serve` serves it: the session check first, everything else through Express.
  const server = await new Promise<Server>((resolve) => {
    const listening = createServer(withSessionCheck(api.sessionCheck, app)).listen(0, '127.0.0.1', () =>
      resolve(listening),
    );
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const deps = { unitOfWork: h.stores.unitOfWork, clock: h.clock, ids: randomIds };
  const secrets = {} as Record<TokenKind, string>;
  const tokenIds = {} as Record<TokenKind, string>;
  for (const [kind, spec] of Object.entries(TOKEN_KINDS) as [TokenKind, (typeof TOKEN_KINDS)[TokenKind]][]) {
    const { token, secret } = await createApiToken(deps, { name: kind, ...spec, expiresInMs: null, actor: operator });
    secrets[kind] = secret;
    tokenIds[kind] = token.id;
  }
  await revokeApiToken(deps, { idOrName: 'revoked', actor: operator });
  const expiredAt = new Date(h.clock.now().getTime() - 86_400_000);
  await h.db.adminQuery(`UPDATE api_tokens SET expires_at = $1 WHERE name = 'expired'`, [expiredAt]);

  return {
    ...h,
    baseUrl,
    secrets,
    tokenIds,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${secrets[options.token]}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    async aSession(options = {}) {
      const { grant } = await h.services.requestGrant(
        aRequest({
          tenant: options.tenant ?? 'acme-corp',
          accessLevel: options.accessLevel ?? 'read',
          ...(options.targetUser ? { targetUser: options.targetUser } : {}),
        }),
      );
      if (options.approve !== false)
        await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
      return grant.id;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await h.db.drop();
    },
  };
}
