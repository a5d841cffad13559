import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { KNOWN_CONSOLE_ACTIONS } from '../../src/domain/console-action.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api.close());

const suspend = {
  actor: { id: 'U0ADA', email: 'ada@example.test' },
  action: 'tenant.suspend',
  tenant: 'acme-corp',
  before: { status: 'active' },
  after: { status: 'suspended' },
  ipAddress: '192.0.2.10',
  userAgent: 'Console/3',
  occurredAt: '2026-11-02T09:59:00Z',
  details: { ticket: 'OPS-9' },
};
const post = (body: unknown, token: Parameters<ApiHarness['call']>[2] extends infer O ? O : never) =>
  api.call('POST', '/api/v1/audit/events', { ...token, body });

describe('POST /api/v1/audit/events', () => {
  it('records a console action as CONSOLE_ACTION in the chain', async () => {
    const response = await post(suspend, { token: 'auditWriter' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ occurredAt: '2026-11-02T09:59:00.000Z', duplicate: false });
    const stored = await api.stores.audit.bySeq(response.body.seq);
    expect(stored).toMatchObject({
      id: response.body.id,
      hash: response.body.hash,
      type: 'CONSOLE_ACTION',
      severity: 'MEDIUM',
      actor: { kind: 'staff', id: 'U0ADA', email: 'ada@example.test' },
      tenant: 'acme-corp',
      grantId: null,
      before: { status: 'active' },
      after: { status: 'suspended' },
      ipAddress: '192.0.2.10',
      userAgent: 'Console/3',
      details: {
        ticket: 'OPS-9',
        action: 'tenant.suspend',
        receivedAt: api.clock.now().toISOString(),
        reportedBy: { tokenId: api.tokenIds.auditWriter, tokenName: 'auditWriter' },
      },
    });
    expect((await verifyAuditChain(api.stores.audit)).ok).toBe(true);
  });

  it('accepts every documented action and other dotted names, and defaults the time to now', async () => {
    for (const action of [...KNOWN_CONSOLE_ACTIONS, 'tenant.rename', 'sso.config.change']) {
      const response = await post(
        { actor: { id: 'U0ADA', kind: 'system' }, action, tenant: 'acme-corp' },
        { token: 'admin' },
      );
      expect(response.status, action).toBe(201);
      expect(response.body.occurredAt).toBe(api.clock.now().toISOString());
    }
  });

  it('records a retried report (same id) once', async () => {
    const id = randomUUID();
    const first = await post({ ...suspend, id }, { token: 'acmeAuditWriter' });
    const retry = await post({ ...suspend, id }, { token: 'acmeAuditWriter' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    const clash = await post({ ...suspend, id, action: 'tenant.resume' }, { token: 'auditWriter' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.field).toBe('id');
    const { rows } = await api.db.adminQuery('SELECT count(*)::int AS n FROM audit_events WHERE id = $1', [id]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses bad input naming the field, recording nothing', async () => {
    const { rows: before } = await api.db.adminQuery('SELECT max(seq) AS head FROM audit_events');
    const cases: [unknown, string, string][] = [
      [
        { ...suspend, actor: undefined },
        'actor',
        'actor: expected an object like {"id": "U0123", "email": "ada@example.com"}',
      ],
      [{ ...suspend, actor: { id: ' ' } }, 'actor.id', 'actor.id: expected the actor id'],
      [{ ...suspend, actor: { id: 'U1', email: 'nope' } }, 'actor.email', 'actor.email: expected an email address'],
      [
        { ...suspend, action: 'Suspend Tenant' },
        'action',
        'action: expected a dotted lower-case name like tenant.create, tenant.suspend, tenant.resume',
      ],
      [{ ...suspend, action: 42 }, 'action', 'action: expected a dotted name like tenant.suspend'],
      [{ ...suspend, tenant: undefined }, 'tenant', 'tenant: expected a tenant id'],
      [{ ...suspend, before: ['a'] }, 'before', 'before: expected a JSON object'],
      [{ ...suspend, ipAddress: 'localhost' }, 'ipAddress', 'ipAddress: expected an IPv4 or IPv6 address'],
      [
        { ...suspend, occurredAt: 'yesterday' },
        'occurredAt',
        'occurredAt: expected a day like 2026-01-31 or an ISO 8601 date-time with Z or an offset',
      ],
      [{ ...suspend, id: 'abc' }, 'id', 'id: expected a UUID (the console’s own event id, for de-duplication)'],
      [{ ...suspend, severity: 'LOW' }, 'body', 'body: unknown field severity'],
    ];
    for (const [body, field, message] of cases) {
      const response = await post(body, { token: 'auditWriter' });
      expect(response.status, field).toBe(400);
      expect(response.body.error, field).toEqual({ code: 'invalid_input', message, field });
    }
    const { rows: after } = await api.db.adminQuery('SELECT max(seq) AS head FROM audit_events');
    expect(after[0].head).toBe(before[0].head);
  });

  it('refuses a missing token, a wrong scope and another tenant', async () => {
    expect((await post(suspend, { token: null })).status).toBe(401);
    expect((await post(suspend, { token: 'auditReader' })).status).toBe(403);
    const other = await post(suspend, { token: 'globexReader' });
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({
      code: 'forbidden',
      message: 'tenant: this token is bound to tenant globex',
      field: 'tenant',
    });
  });
});

describe('GET /api/v1/audit/events', () => {
  let firstSeq = 0;
  beforeAll(async () => {
    const { rows } = await api.db.adminQuery('SELECT max(seq)::int AS head FROM audit_events');
    firstSeq = rows[0].head + 1;
    api.clock.set(new Date('2026-11-03T08:00:00Z'));
    for (const [i, tenant] of ['acme-corp', 'globex', 'acme-corp', 'globex', 'acme-corp'].entries()) {
      api.clock.advance(60_000);
      const actor = i === 4 ? { id: 'U0BOB', email: 'bob@example.test' } : { id: 'U0ADA' };
      await post({ actor, action: 'plan.change', tenant, after: { plan: `p${i}` } }, { token: 'admin' });
    }
  });

  async function walk(query: string, token: Parameters<ApiHarness['call']>[2] extends infer O ? O : never) {
    const seqs: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const suffix: string = cursor ? `&cursor=${cursor}` : '';
      const response = await api.call('GET', `/api/v1/audit/events?${query}${suffix}`, token);
      expect(response.status).toBe(200);
      seqs.push(...response.body.events.map((e: { seq: number }) => e.seq));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor);
    return { seqs, pages };
  }

  it('pages the raw trail in seq order with an opaque cursor', async () => {
    const page = await api.call('GET', `/api/v1/audit/events?start=2026-11-03T08:00:00Z&limit=2`, {
      token: 'auditReader',
    });
    expect(page.body.events).toHaveLength(2);
    expect(page.body.events[0]).toMatchObject({ seq: firstSeq, type: 'CONSOLE_ACTION', tenant: 'acme-corp' });
    expect(Object.keys(page.body.events[0]).sort()).toEqual(
      [
        'actor',
        'after',
        'before',
        'details',
        'grantId',
        'hash',
        'id',
        'ipAddress',
        'occurredAt',
        'prevHash',
        'seq',
        'severity',
        'tenant',
        'type',
        'userAgent',
      ].sort(),
    );
    expect(typeof page.body.nextCursor).toBe('string');
    const all = await walk('start=2026-11-03T08:00:00Z&limit=2', { token: 'auditReader' });
    expect(all).toEqual({ seqs: [0, 1, 2, 3, 4].map((i) => firstSeq + i), pages: 3 });
  });

  it('filters by type, tenant, actor id or email, and time', async () => {
    const acme = await walk('tenant=acme-corp&type=CONSOLE_ACTION&start=2026-11-03', { token: 'admin' });
    expect(acme.seqs).toEqual([firstSeq, firstSeq + 2, firstSeq + 4]);
    const bob = await walk('actor=bob%40example.test', { token: 'admin' });
    expect(bob.seqs).toEqual([firstSeq + 4]);
    const ada = await walk('actor=U0ADA&start=2026-11-03T08:02:00Z&end=2026-11-03T08:04:00Z', { token: 'admin' });
    expect(ada.seqs).toEqual([firstSeq + 1, firstSeq + 2]);
    const tokens = await walk('type=api_token_created,API_TOKEN_REVOKED', { token: 'admin' });
    expect(tokens.seqs).toHaveLength(Object.keys(api.tokenIds).length + 1);
  });

  it('shows a tenant-bound token only its tenant', async () => {
    const bound = await walk('start=2026-11-03', { token: 'globexReader' });
    expect(bound.seqs).toEqual([firstSeq + 1, firstSeq + 3]);
    const everything = await walk('', { token: 'acmeReader' });
    const { rows } = await api.db.adminQuery(`SELECT count(*)::int AS n FROM audit_events WHERE tenant = 'acme-corp'`);
    expect(everything.seqs).toHaveLength(rows[0].n);
    expect((await api.call('GET', '/api/v1/audit/events?tenant=globex', { token: 'acmeReader' })).status).toBe(403);
  });

  it('refuses bad parameters, a missing token and a wrong scope', async () => {
    const bad: [string, string][] = [
      ['cursor=not-ours', 'cursor'],
      ['limit=501', 'limit'],
      ['limit=0', 'limit'],
      ['type=NOPE', 'type'],
      ['start=tomorrow', 'start'],
      ['start=2026-11-03&end=2026-11-02', 'end'],
      ['tenant=a%20b', 'tenant'],
    ];
    for (const [query, field] of bad) {
      const response = await api.call('GET', `/api/v1/audit/events?${query}`, { token: 'admin' });
      expect(response.status, query).toBe(400);
      expect(response.body.error.field, query).toBe(field);
    }
    expect((await api.call('GET', '/api/v1/audit/events', { token: null })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/audit/events', { token: 'auditWriter' })).status).toBe(403);
  });
});
