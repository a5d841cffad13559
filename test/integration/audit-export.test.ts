import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, exportAudit } from '../../src/app/export-audit.ts';
import { verifyChain } from '../../src/domain/audit-chain.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { CLI_TIMEOUT_MS, runGrantdesk } from '../support/run-cli.ts';

let api: ApiHarness;
const RANGE = 'start=2026-11-05&end=2026-11-06';

beforeAll(async () => {
  api = await createApiHarness();
  api.clock.set(new Date('2026-11-05T10:00:00Z'));
  for (const [i, tenant] of ['acme-corp', 'globex', 'acme-corp'].entries()) {
    api.clock.advance(60_000);
    await api.call('POST', '/api/v1/audit/events', {
      token: 'admin',
      body: {
        actor: { id: 'U0ADA', email: 'ada@example.test' },
        action: 'billing.change',
        tenant,
        before: { note: 'a "quoted", comma\nand newline' },
        userAgent: 'Mozilla/5.0 (X11; Linux), like Gecko',
        details: { i },
      },
    });
  }
  api.clock.set(new Date('2026-11-06T00:00:00Z'));
  await api.call('POST', '/api/v1/audit/events', {
    token: 'admin',
    body: { actor: { id: 'U0ADA' }, action: 'plan.change', tenant: 'acme-corp' },
  });
});
afterAll(() => api.close());

/** RFC 4180, enough for the test: quoted fields with doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',' || c === '\n') {
      row.push(field);
      field = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    } else {
      field += c;
    }
  }
  return rows;
}

const revive = (line: string): AuditEvent => {
  const raw = JSON.parse(line);
  return { ...raw, occurredAt: new Date(raw.occurredAt) };
};

describe('GET /api/v1/audit/export', () => {
  it('streams JSON Lines of [start, end) that re-hash to the chain', async () => {
    const response = await api.call('GET', `/api/v1/audit/export?${RANGE}&format=jsonl`, { token: 'auditReader' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="grantdesk-audit-2026-11-05T000000Z-2026-11-06T000000Z.jsonl"',
    );
    const events = response.text.trimEnd().split('\n').map(revive);
    expect(events.map((e) => e.details.i)).toEqual([0, 1, 2]);
    const first = events[0]!;
    expect(verifyChain(events, { seq: first.seq - 1, hash: first.prevHash }).ok).toBe(true);
  });

  it('streams CSV with a header, quoting what needs it and altering nothing', async () => {
    const response = await api.call('GET', `/api/v1/audit/export?${RANGE}`, { token: 'acmeReader' });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(response.text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    const record = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[0]![i]]));
    expect(record).toMatchObject({
      type: 'CONSOLE_ACTION',
      actorKind: 'staff',
      actorId: 'U0ADA',
      actorEmail: 'ada@example.test',
      tenant: 'acme-corp',
      grantId: '',
      userAgent: 'Mozilla/5.0 (X11; Linux), like Gecko',
    });
    expect(JSON.parse(record.before!)).toEqual({ note: 'a "quoted", comma\nand newline' });
  });

  it('reads in keyset batches: a batch of one yields the same file', async () => {
    const filter = { start: new Date('2026-11-05'), end: new Date('2026-12-01') };
    let whole = '';
    let batched = '';
    let chunks = 0;
    for await (const chunk of exportAudit(api.stores.audit, { filter, format: 'csv' })) whole += chunk;
    for await (const chunk of exportAudit(api.stores.audit, { filter, format: 'csv', batchSize: 1 })) {
      batched += chunk;
      chunks += 1;
    }
    expect(batched).toBe(whole);
    expect(chunks).toBe(1 + 4);
  });

  it('refuses bad parameters, a missing token, a wrong scope and another tenant', async () => {
    for (const [query, field] of [
      ['end=2026-11-06', 'start'],
      ['start=2026-11-05', 'end'],
      [`${RANGE}&format=xml`, 'format'],
      ['start=2026-11-06&end=2026-11-05', 'end'],
    ]) {
      const response = await api.call('GET', `/api/v1/audit/export?${query}`, { token: 'admin' });
      expect(response.status, query).toBe(400);
      expect(response.body.error.field, query).toBe(field);
    }
    expect((await api.call('GET', `/api/v1/audit/export?${RANGE}`, { token: null })).status).toBe(401);
    expect((await api.call('GET', `/api/v1/audit/export?${RANGE}`, { token: 'auditWriter' })).status).toBe(403);
    const other = await api.call('GET', `/api/v1/audit/export?${RANGE}&tenant=globex`, { token: 'acmeReader' });
    expect(other.status).toBe(403);
  });
});

describe('grantdesk audit export', () => {
  it(
    'writes the same lines as the API to stdout',
    async () => {
      const env = { DATABASE_URL: api.db.url };
      const http = await api.call('GET', `/api/v1/audit/export?${RANGE}&format=jsonl&tenant=globex`, {
        token: 'admin',
      });
      const cli = await runGrantdesk(
        ['audit', 'export', '--start', '2026-11-05', '--end', '2026-11-06', '--format', 'jsonl', '--tenant', 'globex'],
        env,
      );
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      expect(cli.stdout).toBe(http.text);
      const csv = await runGrantdesk(['audit', 'export', '--start', '2026-11-05', '--end', '2026-11-06'], env);
      expect(parseCsv(csv.stdout)).toHaveLength(1 + 3);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 naming the flag that is wrong',
    async () => {
      const env = { DATABASE_URL: api.db.url };
      const missing = await runGrantdesk(['audit', 'export', '--start', '2026-11-05'], env);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--end: expected a day like 2026-01-31');
      const format = await runGrantdesk(
        ['audit', 'export', '--start', '2026-11-05', '--end', '2026-11-06', '--format', 'xml'],
        env,
      );
      expect(format.code).toBe(2);
      expect(format.stderr).toContain('--format: expected csv or jsonl, got "xml"');
    },
    CLI_TIMEOUT_MS,
  );
});
