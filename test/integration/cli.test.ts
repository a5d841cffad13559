import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, GRANTDESK_BIN, runGrantdesk, runGrantdeskHere } from '../support/run-cli.ts';
import { aRequest, createHarness, type Harness, staff } from '../support/services-harness.ts';
import { openEventStream } from '../support/sse-client.ts';
import { freePort } from '../support/test-services.ts';

let h: Harness;
let env: Record<string, string>;
beforeAll(async () => {
  h = await createHarness();
  env = { DATABASE_URL: h.db.url };
  const { grant } = await h.services.requestGrant(aRequest());
  await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
  await h.services.endGrant({ grantId: grant.id, actor: staff('UREQUESTER') });
});
afterAll(() => h.db.drop());

// The misuse tests launch `grantdesk` as a process (exit codes are the process's); the rest run the same command line
// in this process (runGrantdeskHere), which spares each the seconds a new process spends loading the app.
describe('grantdesk CLI', { timeout: CLI_TIMEOUT_MS }, () => {
  it('prints usage and exits 2 on misuse', async () => {
    const unknown = await runGrantdesk(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: frobnicate');
    expect(unknown.stderr).toContain('Usage: grantdesk <command>');
    const missing = await runGrantdesk(['token', 'create', '--name', 'x'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('token create needs --name and --scopes');
  });

  it('names the variable of a bad setting and the host of an unreachable database', async () => {
    const bad = await runGrantdesk(['migrate'], { ...env, GRANT_MAX_DURATION: 'eight' });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('GRANT_MAX_DURATION: expected a duration like 8h, got "eight"');
    const port = await freePort();
    const down = await runGrantdesk(['migrate'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nowhere` });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      `Cannot reach Postgres at 127.0.0.1:${port}/nowhere (DATABASE_URL): connection refused`,
    );
  });

  it('migrates idempotently', async () => {
    const result = await runGrantdeskHere(['migrate'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Database is up to date.');
  });

  it('creates a token, printing it once on the last line, lists and revokes it, all audited', async () => {
    const created = await runGrantdeskHere(
      [
        'token',
        'create',
        '--name',
        'console',
        '--scopes',
        'sessions:write,audit:read',
        '--tenant',
        'acme',
        '--expires',
        '90d',
      ],
      env,
    );
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^gd_[A-Za-z0-9_-]{43}$/);
    const stored = await h.db.adminQuery('SELECT token_hash, scopes, tenant FROM api_tokens WHERE name = $1', [
      'console',
    ]);
    expect(stored.rows[0]?.token_hash).not.toContain(lines.at(-1));
    expect(stored.rows[0]).toMatchObject({ scopes: ['sessions:write', 'audit:read'], tenant: 'acme' });

    const listed = await runGrantdeskHere(['token', 'list'], env);
    expect(listed.stdout).toContain('console  sessions:write,audit:read  tenant=acme');
    expect(listed.stdout).not.toContain(lines.at(-1));

    expect((await runGrantdeskHere(['token', 'revoke', 'console'], env)).code).toBe(0);
    const again = await runGrantdeskHere(['token', 'revoke', 'console'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no live token console');
    const bad = await runGrantdeskHere(['token', 'create', '--name', 'x', '--scopes', 'sessions:write,root'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown scope root');
    const types = await h.db.adminQuery(`SELECT type FROM audit_events WHERE type LIKE 'API_TOKEN_%' ORDER BY seq`);
    expect(types.rows.map((r) => r.type)).toEqual(['API_TOKEN_CREATED', 'API_TOKEN_REVOKED']);
  });
});

describe('the audit trail is append-only and tamper-evident', { timeout: CLI_TIMEOUT_MS }, () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(h.db.adminQuery(`UPDATE audit_events SET tenant = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.db.adminQuery('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(h.db.adminQuery('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    // The purge path opens only for rows behind the checkpoint, which is still at the genesis.
    await expect(
      h.db.adminQuery(`BEGIN; SET LOCAL grantdesk.audit_purge = 'on'; DELETE FROM audit_events WHERE seq = 1; COMMIT;`),
    ).rejects.toThrow(/append-only/);
  });

  it('verifies an untouched trail, then names the row altered with the triggers disabled', async () => {
    const intact = await runGrantdeskHere(['audit', 'verify'], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^Audit chain intact: \d+ event\(s\) checked; head seq \d+ [0-9a-f]{64}/);

    await h.db.adminQuery(`
      ALTER TABLE audit_events DISABLE TRIGGER USER;
      UPDATE audit_events SET details = details || '{"reason": "nothing to see"}' WHERE seq = 3;
      ALTER TABLE audit_events ENABLE TRIGGER USER;`);
    const broken = await runGrantdeskHere(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Audit chain BROKEN at seq 3: hash does not match the row (altered)');
    const since = await runGrantdeskHere(['audit', 'verify', '--since', '4'], env);
    expect(since.code).toBe(0);
  });

  it('notices rows removed from the end of the trail', async () => {
    const head = await runGrantdeskHere(['audit', 'head'], env);
    const [seq] = head.stdout.trim().split(' ');
    await h.db.adminQuery(`
      ALTER TABLE audit_events DISABLE TRIGGER USER;
      DELETE FROM audit_events WHERE seq = ${Number(seq)};
      ALTER TABLE audit_events ENABLE TRIGGER USER;`);
    const result = await runGrantdeskHere(['audit', 'verify', '--since', '4'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`recorded head is seq ${seq}: rows are missing`);
  });
});

describe('grantdesk serve', () => {
  it(
    'answers /healthz and /readyz, and stops cleanly on SIGTERM, even with a console holding the event stream',
    async () => {
      const created = await runGrantdeskHere(['token', 'create', '--name', 'stream', '--scopes', 'audit:read'], env);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim().split('\n').at(-1) as string;
      const port = await freePort();
      const child = spawn(process.execPath, [GRANTDESK_BIN, 'serve'], {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: h.db.url,
          PORT: String(port),
          LOG_LEVEL: 'info',
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_SIGNING_SECRET: 'secret',
          SLACK_API_URL: 'http://127.0.0.1:9/api/',
          APPROVER_CHANNEL_ID: 'C0APPROVE',
          APPROVER_USER_IDS: 'UAPPROVER1',
          JIRA_BASE_URL: 'http://127.0.0.1:9',
          JIRA_PAT: 'pat',
        },
      });
      let output = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Ready once it logs that it listens (or gone, if it exits first): an event, however long start-up takes.
      const listening = new Promise<void>((resolve) => {
        const take = (chunk: Buffer) => {
          output += chunk;
          if (output.includes('"msg":"listening"')) resolve();
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        void exited.then(() => resolve());
      });
      await listening;
      const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      expect(health?.status, output).toBe(200);
      expect(await health?.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      const body = (await ready.json()) as { status: string; checks: Record<string, string> };
      expect(ready.status, JSON.stringify(body)).toBe(200);
      expect(body.checks.postgres).toBe('ok');
      // An event stream never finishes by itself: shutdown must cut it rather than wait for it.
      const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/impersonation/stream`, { token });
      expect(stream.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      await stream.closed;
    },
    CLI_TIMEOUT_MS,
  );
});
