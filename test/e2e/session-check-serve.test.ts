/**
 * The console gate (DESIGN.md §5) as `grantdesk serve` answers it over HTTP: `GET …/sessions/:sessionId/check`
 * answered before Express, and what it leaves to Express (another spelling of the path, a body, other methods). Each
 * answer is compared with the contract, and with the one Express's route gives to the same request spelt with a
 * trailing slash, which the fast path leaves to it.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/create-api-token.ts';
import { revokeApiToken } from '../../src/app/revoke-api-token.ts';
import type { ApiScope } from '../../src/domain/api-token.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { randomIds, systemClock } from '../../src/system-clock.ts';
import { sample } from '../support/prometheus-sample.ts';
import { aRequest, staff } from '../support/services-harness.ts';
import { APPROVER, REQUESTER, type SlackE2E, startSlackE2E } from '../support/slack-e2e-harness.ts';

const CHECK_ROUTE = '/api/v1/impersonation/sessions/:sessionId/check';
const operator = { kind: 'system' as const, id: 'test' };

let e2e: SlackE2E;
beforeAll(async () => {
  e2e = await startSlackE2E();
});
afterAll(() => e2e?.close());

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field
  body: any;
}

let tokensMade = 0;

/** A token of its own for each caller, so no test spends another's rate limit. */
async function aToken(app: SlackE2E, scopes: ApiScope[] = ['sessions:write'], tenant: string | null = null) {
  tokensMade += 1;
  const deps = { unitOfWork: app.stores.unitOfWork, clock: systemClock, ids: randomIds };
  const name = `console-${tokensMade}`;
  const made = await createApiToken(deps, { name, scopes, tenant, expiresInMs: null, actor: operator });
  return { ...made, name, deps };
}

async function call(
  app: SlackE2E,
  path: string,
  secret: string | null,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const headers = { ...(secret === null ? {} : { authorization: `Bearer ${secret}` }), ...init.headers };
  const response = await fetch(`${app.appUrl}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

const checkPath = (sessionId: string) => `/api/v1/impersonation/sessions/${sessionId}/check`;

/** An ACTIVE session on `tenant`, through the app's own use cases, once the app's memory has it ACTIVE. */
async function anActiveSession(tenant = 'acme-corp'): Promise<Grant> {
  const { services } = e2e.running;
  const { grant } = await services.requestGrant(
    aRequest({ requesterId: REQUESTER, requesterEmail: 'u0requester@example.test', tenant }),
  );
  await services.approveGrant({ grantId: grant.id, approver: staff(APPROVER) });
  // The app learns of the approval by notification: wait for it, asking with a token of its own.
  const { secret } = await aToken(e2e);
  await expect.poll(async () => (await call(e2e, checkPath(grant.id), secret)).body.active).toBe(true);
  return (await e2e.stores.grants.findById(grant.id))!;
}

/** The parts of an answer the contract fixes: all of it but the moment it was checked, and the date. */
function comparable({ status, headers, body }: Answer) {
  const { checkedAt: _, ...rest } = body ?? {};
  const header = (name: string) => headers.get(name);
  return {
    status,
    body: rest,
    contentType: header('content-type'),
    contentLength: header('content-length'),
    challenge: header('www-authenticate'),
    retryAfter: header('retry-after'),
  };
}

/** How many requests the app has counted under /check's route with `status` (its /metrics). */
async function countedUnderCheck(method: string, status: number): Promise<number> {
  const text = await (await fetch(`${e2e.appUrl}/metrics`)).text();
  const labels = { route: CHECK_ROUTE, method, status: String(status) };
  return sample(text, 'grantdesk_http_request_duration_seconds_count', labels) ?? 0;
}

describe('GET /api/v1/impersonation/sessions/:sessionId/check on `serve`', () => {
  it('answers an active session with its grant and the time of the check, by id and by short code', async () => {
    const grant = await anActiveSession();
    const { secret } = await aToken(e2e);
    const before = Date.now();
    const answer = await call(e2e, checkPath(grant.id), secret);
    const after = Date.now();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(answer.text)));
    expect(answer.body).toEqual({
      sessionId: grant.id,
      active: true,
      tenant: 'acme-corp',
      targetUser: grant.targetUser,
      accessLevel: 'read',
      expiresAt: grant.expiresAt?.toISOString(),
      checkedAt: expect.any(String),
    });
    const checkedAt = Date.parse(answer.body.checkedAt);
    expect(checkedAt).toBeGreaterThanOrEqual(before);
    expect(checkedAt).toBeLessThanOrEqual(after);
    expect((await call(e2e, checkPath(grant.shortCode), secret)).body).toMatchObject({
      sessionId: grant.id,
      active: true,
    });
  });

  it('answers an ended session as inactive, with its status and end reason', async () => {
    const grant = await anActiveSession();
    const { secret } = await aToken(e2e);
    await e2e.running.services.endGrant({ grantId: grant.id, actor: staff(REQUESTER) });
    await expect
      .poll(async () => (await call(e2e, checkPath(grant.id), secret)).body)
      .toEqual({ sessionId: grant.id, active: false, status: 'ENDED', endReason: 'NORMAL' });
  });

  it('answers as the contract says, and as Express’s route does, for every caller and session', async () => {
    const grant = await anActiveSession();
    const other = await anActiveSession('globex');
    const writer = await aToken(e2e);
    const reader = await aToken(e2e, ['audit:read']);
    const acme = await aToken(e2e, ['sessions:write'], 'acme-corp');
    const auditWriter = await aToken(e2e, ['audit:write']);
    const revoked = await aToken(e2e, ['admin']);
    await revokeApiToken(revoked.deps, { idOrName: revoked.name, actor: operator });
    const expired = await aToken(e2e, ['admin']);
    await e2e.db.adminQuery(`UPDATE api_tokens SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      expired.token.id,
    ]);
    const unknown = randomUUID();
    const cases: { what: string; id: string; secret: string | null; query?: string; expect: object }[] = [
      { what: 'active, sessions:write', id: grant.id, secret: writer.secret, expect: { status: 200 } },
      { what: 'active, audit:read', id: grant.id, secret: reader.secret, expect: { status: 200 } },
      { what: 'active, its tenant’s token', id: grant.id, secret: acme.secret, expect: { status: 200 } },
      { what: 'a query string', id: grant.id, secret: writer.secret, query: '?from=console', expect: { status: 200 } },
      {
        what: 'another tenant’s session',
        id: other.id,
        secret: acme.secret,
        expect: {
          status: 404,
          body: { error: { code: 'grant_not_found', message: `There is no session ${other.id}.` } },
        },
      },
      {
        what: 'an unknown session',
        id: unknown,
        secret: writer.secret,
        expect: {
          status: 404,
          body: { error: { code: 'grant_not_found', message: `There is no session ${unknown}.` } },
        },
      },
      {
        what: 'not a session id',
        id: 'not-a-session',
        secret: writer.secret,
        expect: { status: 400, body: { error: { code: 'invalid_input', field: 'sessionId' } } },
      },
      {
        what: 'a path that is not UTF-8',
        id: '%FF',
        secret: writer.secret,
        expect: {
          status: 400,
          body: { error: { code: 'invalid_input', message: 'path: not valid percent-encoded UTF-8', field: 'path' } },
        },
      },
      {
        what: 'text Postgres cannot store in the query',
        id: grant.id,
        secret: writer.secret,
        query: '?note=a%00b',
        expect: { status: 422, body: { error: { code: 'unstorable_text', field: 'note' } } },
      },
      {
        what: 'no token',
        id: grant.id,
        secret: null,
        expect: {
          status: 401,
          challenge: 'Bearer realm="grantdesk"',
          body: {
            error: { code: 'unauthenticated', message: 'send an API token: Authorization: Bearer <token>' },
          },
        },
      },
      {
        what: 'an unknown token',
        id: grant.id,
        secret: 'gd_not-a-token',
        expect: {
          status: 401,
          challenge: 'Bearer realm="grantdesk"',
          body: { error: { code: 'unauthenticated', message: 'this API token is not known to Grantdesk' } },
        },
      },
      {
        what: 'a revoked token',
        id: grant.id,
        secret: revoked.secret,
        expect: {
          status: 401,
          body: {
            error: { code: 'unauthenticated', message: 'this API token was revoked: ask an operator for a new one' },
          },
        },
      },
      {
        what: 'an expired token',
        id: grant.id,
        secret: expired.secret,
        expect: {
          status: 401,
          body: {
            error: { code: 'unauthenticated', message: 'this API token has expired: ask an operator for a new one' },
          },
        },
      },
      {
        what: 'a token without the scope',
        id: grant.id,
        secret: auditWriter.secret,
        expect: {
          status: 403,
          body: {
            error: {
              code: 'forbidden',
              message:
                'this token lacks the scope for this endpoint: it needs sessions:write or audit:read (it has audit:write)',
            },
          },
        },
      },
    ];
    for (const { what, id, secret, query = '', expect: expected } of cases) {
      const fast = await call(e2e, `${checkPath(id)}${query}`, secret);
      expect(comparable(fast), what).toMatchObject(expected);
      const viaExpress = await call(e2e, `${checkPath(id)}/${query}`, secret);
      expect(comparable(fast), what).toEqual(comparable(viaExpress));
    }
    expect((await call(e2e, checkPath(grant.id), writer.secret)).body).toMatchObject({
      active: true,
      tenant: 'acme-corp',
    });
  });

  it('counts every answer under the route in the request metrics, refusals of the token included', async () => {
    const grant = await anActiveSession();
    const { secret } = await aToken(e2e);
    const counted = {
      ok: await countedUnderCheck('GET', 200),
      unauthenticated: await countedUnderCheck('GET', 401),
      missing: await countedUnderCheck('GET', 404),
    };
    expect((await call(e2e, checkPath(grant.id), secret)).status).toBe(200);
    expect((await call(e2e, checkPath(grant.id), null)).status).toBe(401);
    expect((await call(e2e, checkPath(randomUUID()), secret)).status).toBe(404);
    expect(await countedUnderCheck('GET', 200)).toBe(counted.ok + 1);
    expect(await countedUnderCheck('GET', 401)).toBe(counted.unauthenticated + 1);
    expect(await countedUnderCheck('GET', 404)).toBe(counted.missing + 1);
  });

  it('marks the token used, as every API request does', async () => {
    const grant = await anActiveSession();
    const { secret } = await aToken(e2e);
    expect((await e2e.stores.tokens.findBySecret(secret))?.lastUsedAt).toBeNull();
    expect((await call(e2e, checkPath(grant.id), secret)).status).toBe(200);
    expect((await e2e.stores.tokens.findBySecret(secret))?.lastUsedAt).toEqual(expect.any(Date));
  });

  it('answers HEAD as GET without the body', async () => {
    const grant = await anActiveSession();
    const { secret } = await aToken(e2e);
    const counted = await countedUnderCheck('HEAD', 200);
    const get = await call(e2e, checkPath(grant.id), secret);
    const head = await call(e2e, checkPath(grant.id), secret, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(await countedUnderCheck('HEAD', 200)).toBe(counted + 1);
    const refused = await call(e2e, checkPath(grant.id), null, { method: 'HEAD' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="grantdesk"');
  });

  it('leaves other methods, bodies and spellings of the path to Express, which answers them as before', async () => {
    const grant = await anActiveSession();
    const { secret } = await aToken(e2e);
    const post = await call(e2e, checkPath(grant.id), secret, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(post.body).toEqual({
      error: { code: 'not_found', message: `no API route POST /api/v1/impersonation/sessions/${grant.id}/check` },
    });
    // fetch sends no body with GET; Node's client does.
    const withBody = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'content-length': '1' };
      const sent = request(`${e2e.appUrl}${checkPath(grant.id)}`, { method: 'GET', headers }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      sent.on('error', reject).end('{');
    });
    expect(withBody.status).toBe(400);
    expect(JSON.parse(withBody.body)).toEqual({
      error: { code: 'invalid_input', message: 'body: not valid JSON', field: 'body' },
    });
    const upperCase = await call(e2e, `/API/V1/IMPERSONATION/SESSIONS/${grant.id}/CHECK`, secret);
    expect(upperCase.body).toMatchObject({ sessionId: grant.id, active: true });
  });
});

describe('the rate limit of /check on `serve`', () => {
  let limited: SlackE2E;
  // Two a minute: a token gets its third request after 30 s, so none of this test's is let through by a refill.
  beforeAll(async () => {
    limited = await startSlackE2E({ API_RATE_LIMIT: '2' });
  });
  afterAll(() => limited?.close());

  it('answers 429 with Retry-After past API_RATE_LIMIT, one bucket for /check and the other routes', async () => {
    const { secret } = await aToken(limited, ['sessions:write', 'audit:read']);
    const id = randomUUID();
    expect((await call(limited, checkPath(id), secret)).status).toBe(404);
    expect((await call(limited, `/api/v1/impersonation/sessions/${id}`, secret)).status).toBe(404);
    const refused = await call(limited, checkPath(id), secret);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(refused.body).toEqual({
      error: {
        code: 'rate_limited',
        message: `this token made more than 2 requests in a minute; try again in ${retryAfter} s`,
      },
    });
    expect((await call(limited, `/api/v1/impersonation/sessions/${id}`, secret)).status).toBe(429);
    const other = await aToken(limited);
    expect((await call(limited, checkPath(id), other.secret)).status).toBe(404);
  });
});
