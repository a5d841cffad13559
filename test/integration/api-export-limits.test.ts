/**
 * Exports cannot starve the service: a token may run EXPORT_CONCURRENCY_PER_TOKEN exports at once and the process
 * EXPORT_CONCURRENCY; beyond that, 429 with Retry-After. Exports are held mid-way by a lock on the audit table (an
 * admin transaction), so which are running is decided by the test, not by timing; session reads go on meanwhile.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type ApiResponse, createApiHarness, type TokenKind } from '../support/api-harness.ts';

const RANGE = 'start=2026-11-01T00:00:00Z&end=2026-11-03T00:00:00Z';
let h: ApiHarness;
let sessionId: string;

beforeAll(async () => {
  h = await createApiHarness({ limits: { overall: 4, perToken: 2 } });
  sessionId = await h.aSession();
  for (let i = 0; i < 3; i++) await h.aSession({ tenant: 'globex' });
});
afterAll(async () => {
  await h.close();
});

/** Holds an exclusive lock on audit_events until released: exports admitted meanwhile wait inside their first read. */
async function holdAuditTable(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}

/** Starts `count` exports for the token; `settled` lists the answers as they arrive. */
function startExports(token: TokenKind, count: number) {
  const settled: ApiResponse[] = [];
  const all = Array.from({ length: count }, () =>
    h.call('GET', `/api/v1/audit/export?${RANGE}&format=csv`, { token }).then((response) => {
      settled.push(response);
      return response;
    }),
  );
  return { settled, all: Promise.all(all) };
}

function expectRefused(response: ApiResponse) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.body).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/try again/) } });
}

describe('audit export limits', () => {
  it('admits 2 exports per token and 4 in all, refuses the rest with 429, completes the admitted, and keeps reads answering', async () => {
    const { rows } = await h.db.adminQuery(`SELECT count(*)::int AS n FROM audit_events`);
    const release = await holdAuditTable();
    try {
      // 50 at once from one admin token: 2 run, 48 are refused at once.
      const admin = startExports('admin', 50);
      await expect.poll(() => admin.settled.length, { timeout: 60_000 }).toBe(48);
      admin.settled.forEach(expectRefused);

      // Another token gets its own 2, which fills the process's 4; a third token finds no room.
      const reader = startExports('auditReader', 3);
      await expect.poll(() => reader.settled.length, { timeout: 60_000 }).toBe(1);
      expectRefused(reader.settled[0]!);
      const third = await h.call('GET', `/api/v1/audit/export?${RANGE}`, { token: 'globexReader' });
      expectRefused(third);
      expect(third.body.error.message).toMatch(/^Grantdesk already has/);
      expect(admin.settled[0]!.body.error.message).toMatch(/^this token already has/);

      // A session read issued during the exports answers.
      const read = await h.call('GET', `/api/v1/impersonation/sessions/${sessionId}`, { token: 'auditReader' });
      expect([read.status, read.body.id]).toEqual([200, sessionId]);

      await release();
      const admitted = [...(await admin.all), ...(await reader.all)].filter((r) => r.status === 200);
      expect(admitted).toHaveLength(4);
      for (const response of admitted) {
        const lines = response.text.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^seq,id,occurredAt,type/);
        expect(lines).toHaveLength(rows[0].n + 1);
      }
    } finally {
      await release().catch(() => undefined);
    }
    // Finished exports give their slots back.
    const later = await h.call('GET', `/api/v1/audit/export?${RANGE}&format=jsonl`, { token: 'admin' });
    expect(later.status).toBe(200);
  });
});

describe('requests per token', () => {
  it('answers 429 with Retry-After beyond API_RATE_LIMIT requests a minute for one token, leaving other tokens alone', async () => {
    const limited = await createApiHarness({ limits: { requestsPerMinute: 5 } });
    try {
      const id = await limited.aSession();
      const read = (token: TokenKind) => limited.call('GET', `/api/v1/impersonation/sessions/${id}`, { token });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await read('auditReader')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const refused = await read('auditReader');
      expectRefused(refused);
      expect(Number(refused.headers.get('retry-after'))).toBe(12);
      expect((await read('admin')).status).toBe(200);
      // The bucket refills with time: one request per 12 s at 5 a minute.
      limited.clock.advance(12_000);
      expect((await read('auditReader')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
