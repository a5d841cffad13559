/**
 * The chain itself, whatever reaches it: the audit store refuses an event the database would alter (whichever path
 * sends it), and a row nested far deeper than the API accepts, written behind the application's back, neither
 * crashes `grantdesk audit verify` nor the export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAudit } from '../../src/app/export-audit.ts';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import { AuditStore } from '../../src/db/audit-store.ts';
import { hashOf } from '../../src/domain/audit-chain.ts';
import { auditEvent } from '../../src/domain/audit-event.ts';
import { jsonText } from '../../src/domain/json-text.ts';
import { randomIds } from '../../src/system-clock.ts';
import { CLI_TIMEOUT_MS, runGrantdeskHere } from '../support/run-cli.ts';
import { createHarness, type Harness } from '../support/services-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.db.drop());

const append = (draft: ReturnType<typeof auditEvent>) =>
  h.db.sequelize.transaction((t) => new AuditStore(h.db.sequelize, t, randomIds).append([draft]));

async function head(): Promise<{ seq: number; hash: string }> {
  const { rows } = await h.db.adminQuery('SELECT head_seq::int AS seq, head_hash AS hash FROM audit_chain');
  return rows[0];
}

/** {"a": {"a": … {}}}, `depth` levels, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i += 1) value = { a: value };
  return value;
}

describe('the audit store', () => {
  it('refuses an event with text Postgres would alter, naming the field, and appends nothing', async () => {
    await append(auditEvent({ type: 'CONSOLE_ACTION', actor: { kind: 'system', id: 'test' }, occurredAt: new Date() }));
    const before = await head();
    const cases: [Partial<ReturnType<typeof auditEvent>>, string][] = [
      [{ userAgent: 'x\u0000y' }, 'userAgent'],
      [{ ipAddress: '\ud800' }, 'ipAddress'],
      [{ actor: { kind: 'staff', id: 'U\u0000' } }, 'actor.id'],
      [{ details: { summary: 'a\udc00b' } }, 'details.summary'],
      [{ before: { nested: [{ x: '\u0000' }] } }, 'before.nested.0.x'],
      [{ tenant: 'acme\u0000' }, 'tenant'],
    ];
    for (const [fields, field] of cases) {
      const draft = {
        ...auditEvent({ type: 'CONSOLE_ACTION', actor: { kind: 'system', id: 'test' }, occurredAt: new Date() }),
        ...fields,
      };
      await expect(append(draft), field).rejects.toMatchObject({ code: 'unstorable_text', details: { field } });
    }
    expect(await head()).toEqual(before);
    expect((await verifyAuditChain(h.stores.audit)).ok).toBe(true);
  });
});

describe('a row nested 10,000 deep, inserted behind the application', () => {
  it(
    'verifies, exports, and is named by verify once altered, without a crash',
    async () => {
      const { seq, hash: prevHash } = await head();
      const row = {
        ...auditEvent({ type: 'CONSOLE_ACTION', actor: { kind: 'system', id: 'intruder' }, occurredAt: new Date() }),
        id: randomIds.uuid(),
        seq: seq + 1,
        prevHash,
        details: nested(10_000),
      };
      const hash = hashOf(row);
      await h.db.adminQuery(
        `INSERT INTO audit_events (seq, id, occurred_at, type, severity, actor, tenant, grant_id, before, after,
           ip_address, user_agent, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, NULL, NULL, NULL, NULL, $7, $8, $9);
         `,
        [
          row.seq,
          row.id,
          row.occurredAt,
          row.type,
          row.severity,
          JSON.stringify(row.actor),
          jsonText(row.details, { sortKeys: false }),
          prevHash,
          hash,
        ],
      );
      await h.db.adminQuery('UPDATE audit_chain SET head_seq = $1, head_hash = $2 WHERE id = 1', [row.seq, hash]);

      expect(await verifyAuditChain(h.stores.audit)).toMatchObject({ ok: true, head: { seq: row.seq, hash } });
      const env = { DATABASE_URL: h.db.url };
      const verified = await runGrantdeskHere(['audit', 'verify'], env);
      expect(verified.code, verified.stderr).toBe(0);

      let jsonl = '';
      for await (const chunk of exportAudit(h.stores.audit, { filter: {}, format: 'jsonl' })) jsonl += chunk;
      expect(jsonl.trimEnd().split('\n')).toHaveLength(row.seq);
      let csv = '';
      for await (const chunk of exportAudit(h.stores.audit, { filter: {}, format: 'csv' })) csv += chunk;
      expect(csv).toContain(row.id);

      // The next append chains onto it as onto any other row.
      await append(
        auditEvent({ type: 'CONSOLE_ACTION', actor: { kind: 'system', id: 'test' }, occurredAt: new Date() }),
      );
      expect(await verifyAuditChain(h.stores.audit)).toMatchObject({ ok: true, checked: row.seq + 1 });

      await h.db.adminQuery(
        `ALTER TABLE audit_events DISABLE TRIGGER USER;
         UPDATE audit_events SET details = jsonb_set(details, '{a,a,a}', '"altered"') WHERE seq = ${row.seq};
         ALTER TABLE audit_events ENABLE TRIGGER USER;`,
      );
      const broken = await runGrantdeskHere(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`Audit chain BROKEN at seq ${row.seq}: hash does not match the row (altered)`);
    },
    CLI_TIMEOUT_MS * 2,
  );
});
