/**
 * Input built to break the trail or the server (issue 12, items 1–3): text Postgres cannot store, JSON nested past
 * any sane depth, bodies in the wrong charset or encoding, paths that are not UTF-8. Each is refused with a 4xx and
 * `{error: {code, message}}`, nothing is written, and the chain still verifies.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { MAX_JSON_DEPTH } from '../../src/domain/json-bounds.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

let api: ApiHarness;
let active: string;
let pending: string;
beforeAll(async () => {
  api = await createApiHarness();
  active = await api.aSession();
  pending = await api.aSession({ approve: false });
});
afterAll(() => api.close());

const NUL = 'x\u0000y';
const LONE_HIGH = 'x\ud800y';
const LONE_LOW = 'x\udc00y';
const console = {
  actor: { id: 'U0ADA', email: 'ada@example.test' },
  action: 'tenant.suspend',
  tenant: 'acme-corp',
  details: { ticket: 'OPS-9' },
};

/** Nested `depth` levels deep: {"a": {"a": … {}}}. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i += 1) value = { a: value };
  return value;
}

async function trailSize(): Promise<number> {
  const { rows } = await api.db.adminQuery('SELECT count(*)::int AS n FROM audit_events');
  return rows[0].n;
}

async function expectRefused(
  response: Awaited<ReturnType<ApiHarness['call']>>,
  status: number,
  code: string,
  field?: string,
): Promise<void> {
  expect(response.status, response.text).toBe(status);
  expect(response.body.error.code, response.text).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  if (field !== undefined) expect(response.body.error.field, response.text).toBe(field);
}

describe('text Postgres cannot store unchanged', () => {
  it('is refused with 422 naming the field, on every input path, and nothing is written', async () => {
    const before = await trailSize();
    const use = `/api/v1/impersonation/sessions/${active}/use`;
    for (const bad of [NUL, LONE_HIGH, LONE_LOW]) {
      await expectRefused(
        await api.call('POST', use, { token: 'sessionsWriter', body: { userAgent: bad } }),
        422,
        'unstorable_text',
        'userAgent',
      );
      // A use of a session that is not active is refused and audited (ACCESS_REFUSED): not with this text in it.
      await expectRefused(
        await api.call('POST', `/api/v1/impersonation/sessions/${pending}/use`, {
          token: 'sessionsWriter',
          body: { userAgent: bad },
        }),
        422,
        'unstorable_text',
        'userAgent',
      );
      await expectRefused(
        await api.call('POST', `/api/v1/impersonation/sessions/${active}/record-action`, {
          token: 'sessionsWriter',
          body: { action: `viewed ${bad}` },
        }),
        422,
        'unstorable_text',
        'action',
      );
      const consoleCases: [Record<string, unknown>, string][] = [
        [{ ...console, actor: { id: bad } }, 'actor.id'],
        [{ ...console, action: bad }, 'action'],
        [{ ...console, userAgent: bad }, 'userAgent'],
        [{ ...console, details: { note: bad } }, 'details.note'],
        [{ ...console, details: { list: ['ok', { deep: bad }] } }, 'details.list.1.deep'],
        [{ ...console, before: { plan: bad } }, 'before.plan'],
        [{ ...console, after: { [bad]: 'key' } }, `after.${JSON.stringify(bad)}`],
      ];
      for (const [body, field] of consoleCases) {
        await expectRefused(
          await api.call('POST', '/api/v1/audit/events', { token: 'auditWriter', body }),
          422,
          'unstorable_text',
          field,
        );
      }
    }
    // A query cannot carry a lone surrogate (percent-encoding is of UTF-8), but it can carry a NUL.
    await expectRefused(
      await api.call('GET', '/api/v1/audit/events?actor=U0%00ADA', { token: 'auditReader' }),
      422,
      'unstorable_text',
      'actor',
    );
    expect(await trailSize()).toBe(before);
    expect((await verifyAuditChain(api.stores.audit)).ok).toBe(true);
  });

  it('leaves other unusual text alone: it is stored and read back exactly as hashed', async () => {
    const odd = 'tab\there, emoji 😀, RTL \u202e, BOM \ufeff, backslash-zero \\0';
    const used = await api.call('POST', `/api/v1/impersonation/sessions/${active}/use`, {
      token: 'sessionsWriter',
      body: { userAgent: odd },
    });
    expect(used.status).toBe(200);
    const recorded = await api.call('POST', '/api/v1/audit/events', {
      token: 'auditWriter',
      body: { ...console, details: { note: odd, [odd]: 1 } },
    });
    expect(recorded.status).toBe(201);
    expect((await api.stores.audit.bySeq(recorded.body.seq))?.details).toMatchObject({ note: odd, [odd]: 1 });
    expect((await verifyAuditChain(api.stores.audit)).ok).toBe(true);
  });
});

describe('JSON fields', () => {
  it(`accept ${MAX_JSON_DEPTH} levels and refuse deeper or larger ones with 422, writing nothing`, async () => {
    const ok = await api.call('POST', '/api/v1/audit/events', {
      token: 'auditWriter',
      body: { ...console, details: nested(MAX_JSON_DEPTH), before: nested(MAX_JSON_DEPTH) },
    });
    expect(ok.status, ok.text).toBe(201);
    const before = await trailSize();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...console, details: nested(MAX_JSON_DEPTH + 1) }, 'details'],
      [{ ...console, before: nested(MAX_JSON_DEPTH + 1) }, 'before'],
      [{ ...console, after: { list: [[[[[[[[[[[]]]]]]]]]]] } }, 'after'],
    ];
    for (const [body, field] of cases) {
      await expectRefused(
        await api.call('POST', '/api/v1/audit/events', { token: 'auditWriter', body }),
        422,
        'json_too_large',
        field,
      );
    }
    // 3,500 levels in 7 KB once crashed `audit verify`; 4,140 answered 500.
    for (const depth of [3_500, 4_140]) {
      const details = `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
      const raw = `{"actor":{"id":"U0ADA"},"action":"tenant.suspend","tenant":"acme-corp","details":${details}}`;
      await expectRefused(
        await api.call('POST', '/api/v1/audit/events', {
          token: 'auditWriter',
          raw,
          headers: { 'content-type': 'application/json' },
        }),
        422,
        'json_too_large',
        'details',
      );
    }
    expect(await trailSize()).toBe(before);
    expect((await verifyAuditChain(api.stores.audit)).ok).toBe(true);
  });
});

describe('requests that cannot be read', () => {
  it('get a 4xx with {error: {code, message}}, never a 500, and write nothing', async () => {
    const before = await trailSize();
    const body = JSON.stringify(console);
    const post = (headers: Record<string, string>, raw: string | Buffer = body) =>
      fetch(`${api.baseUrl}/api/v1/audit/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.secrets.auditWriter}`, ...headers },
        body: raw,
      }).then(async (response) => {
        const text = await response.text();
        return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
      });
    for (const charset of ['iso-8859-1', 'klingon']) {
      await expectRefused(
        await post({ 'content-type': `application/json; charset=${charset}` }),
        415,
        'unsupported_media_type',
        'body',
      );
    }
    await expectRefused(
      await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from('not gzip at all')),
      400,
      'invalid_input',
      'body',
    );
    await expectRefused(
      await post({ 'content-type': 'application/json', 'content-encoding': 'x-klingon' }),
      415,
      'unsupported_media_type',
      'body',
    );
    const gzipped = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(body));
    expect(gzipped.status).toBe(201);
    const afterGzip = before + 1;
    for (const path of ['%FF', '%E0%A4%A', '%00', 'G-%00']) {
      const response = await api.call('GET', `/api/v1/impersonation/sessions/${path}`, { token: 'auditReader' });
      expect(response.status, path).toBe(400);
      expect(response.body.error.code, path).toBe('invalid_input');
      const used = await api.call('POST', `/api/v1/impersonation/sessions/${path}/use`, { token: 'sessionsWriter' });
      expect(used.status, path).toBe(400);
    }
    expect(await trailSize()).toBe(afterGzip);
    expect((await verifyAuditChain(api.stores.audit)).ok).toBe(true);
  });
});
