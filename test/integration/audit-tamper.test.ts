import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { CLI_TIMEOUT_MS, runGrantdeskHere } from '../support/run-cli.ts';

let api: ApiHarness;
let env: Record<string, string>;
let consoleSeq = 0;
beforeAll(async () => {
  api = await createApiHarness();
  env = { DATABASE_URL: api.db.url };
  const id = await api.aSession();
  await api.call('POST', `/api/v1/impersonation/sessions/${id}/use`, { token: 'sessionsWriter', body: {} });
  const recorded = await api.call('POST', '/api/v1/audit/events', {
    token: 'auditWriter',
    body: { actor: { id: 'U0ADA' }, action: 'feature_flag.override', tenant: 'acme-corp', after: { flag: 'on' } },
  });
  consoleSeq = recorded.body.seq;
  await api.call('POST', `/api/v1/impersonation/sessions/${id}/end`, { token: 'sessionsWriter' });
});
afterAll(() => api.close());

/** Alters the trail behind the triggers' back, as someone with table-owner rights could. */
const behindTheTriggers = (sql: string) =>
  api.db.adminQuery(
    `ALTER TABLE audit_events DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_events ENABLE TRIGGER USER;`,
  );

describe('the append-only audit trail', () => {
  it(
    'refuses UPDATE, DELETE and TRUNCATE, and a purge-flagged DELETE above the checkpoint',
    async () => {
      await expect(api.db.adminQuery(`UPDATE audit_events SET tenant = 'x' WHERE seq = ${consoleSeq}`)).rejects.toThrow(
        'audit_events is append-only: UPDATE refused',
      );
      await expect(api.db.adminQuery(`DELETE FROM audit_events WHERE seq = ${consoleSeq}`)).rejects.toThrow(
        'audit_events is append-only: DELETE refused',
      );
      await expect(api.db.adminQuery('TRUNCATE audit_events')).rejects.toThrow(
        'audit_events is append-only: TRUNCATE refused',
      );
      await expect(
        api.db.adminQuery(
          `BEGIN; SET LOCAL grantdesk.audit_purge = 'on'; DELETE FROM audit_events WHERE seq = 1; COMMIT;`,
        ),
      ).rejects.toThrow(/append-only/);
      await api.db.adminQuery('ROLLBACK').catch(() => undefined);
      const intact = await runGrantdeskHere(['audit', 'verify'], env);
      expect(intact.code).toBe(0);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'names the seq of an altered console action',
    async () => {
      await behindTheTriggers(`UPDATE audit_events SET after = '{"flag": "off"}' WHERE seq = ${consoleSeq}`);
      const broken = await runGrantdeskHere(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout.trim()).toBe(
        `Audit chain BROKEN at seq ${consoleSeq}: hash does not match the row (altered) (${consoleSeq - 1} event(s) before it are intact)`,
      );
      await behindTheTriggers(`UPDATE audit_events SET after = '{"flag": "on"}' WHERE seq = ${consoleSeq}`);
      expect((await runGrantdeskHere(['audit', 'verify'], env)).code).toBe(0);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'names the seq after a row removed from the middle',
    async () => {
      await behindTheTriggers(`DELETE FROM audit_events WHERE seq = ${consoleSeq}`);
      const broken = await runGrantdeskHere(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`Audit chain BROKEN at seq ${consoleSeq + 1}: expected seq ${consoleSeq}`);
    },
    CLI_TIMEOUT_MS,
  );
});
