/**
 * The console client as a console installs it: `npm pack` (which builds it to JavaScript with declarations), the
 * tarball installed into a fresh project in this run's folder, and clients/console/examples/support-console.js run
 * there as plain JavaScript against a running Grantdesk replica.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConsoleWebhook } from '../../src/http/console-webhook.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type ApiReplica, startApiReplica } from '../support/api-replica.ts';
import { staff } from '../support/services-harness.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = join(ROOT, 'clients/console');
const SECRET = 'console-webhook-secret';
/** Packing compiles the client and installing unpacks it: tens of seconds on a loaded two-core machine. */
const INSTALL_CEILING_MS = 180_000;

let api: ApiHarness;
let replica: ApiReplica;
let project: string;
let consoleApp: ChildProcess;
let consoleUrl: string;

beforeAll(async () => {
  api = await createApiHarness();
  // The example compares expiresAt with the machine's clock, so Grantdesk's clock must agree with it.
  api.clock.set(new Date());
  replica = await startApiReplica(api);

  project = await mkdtemp(join(tmpdir(), 'console-client-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: CLIENT });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'support-console', type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(project, filename)], { cwd: project });
  // The console's own Express: the repository's, linked in rather than downloaded.
  await mkdir(join(project, 'node_modules'), { recursive: true });
  await symlink(join(ROOT, 'node_modules/express'), join(project, 'node_modules/express'), 'dir');
  await copyFile(join(CLIENT, 'examples/support-console.js'), join(project, 'support-console.js'));

  consoleApp = spawn(process.execPath, ['support-console.js'], {
    cwd: project,
    env: {
      PATH: process.env.PATH ?? '',
      GRANTDESK_URL: replica.baseUrl,
      GRANTDESK_TOKEN: api.secrets.acmeWriter,
      GRANTDESK_WEBHOOK_SECRET: SECRET,
    },
  });
  let output = '';
  consoleUrl = await new Promise<string>((resolve, reject) => {
    consoleApp.stdout?.on('data', (chunk) => {
      output += chunk;
      const port = /\{"port":(\d+)\}/.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    consoleApp.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    consoleApp.once('exit', (code) => reject(new Error(`the console exited (${code}):\n${output}`)));
  });
}, INSTALL_CEILING_MS);

afterAll(async () => {
  consoleApp?.kill('SIGKILL');
  await replica?.close();
  await api?.close();
});

const get = async (path: string) => {
  const response = await fetch(`${consoleUrl}${path}`, { headers: { 'user-agent': 'PlainJsConsole/1.0' } });
  return { status: response.status, body: await response.json() };
};

describe('the console client installed from its npm pack tarball, used from plain JavaScript', () => {
  it('ships JavaScript with type declarations', async () => {
    const installed = join(project, 'node_modules/@grantdesk/console-client');
    const declarations = await readFile(join(installed, 'dist/index.d.ts'), 'utf8');
    expect(declarations).toContain('requireImpersonation');
    expect(declarations).toContain('GrantdeskClient');
    expect(declarations).toContain('verifyWebhook');
  });

  it('lets the console act while the session is active, records its action, and cuts it off on revoke', async () => {
    const id = await api.aSession();
    await expect.poll(async () => (await get(`/tenant/${id}/profile`)).status).toBe(200);
    expect((await get(`/tenant/${id}/profile`)).body).toMatchObject({ sessionId: id, tenant: 'acme-corp' });
    expect((await get(`/sessions/${id}/check`)).body).toMatchObject({ active: true, accessLevel: 'read' });
    const refund = await fetch(`${consoleUrl}/tenant/${id}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invoice: 'INV-7' }),
    });
    expect(refund.status).toBe(200);
    const session = await api.services.getSession({ reference: id, tenant: null });
    expect(session).toMatchObject({ userAgent: 'PlainJsConsole/1.0', ipAddress: '127.0.0.1' });
    expect(session.actions.map((action) => action.action)).toEqual(['Refunded invoice INV-7']);

    await api.services.revokeGrant({ grantId: id, approver: staff('UAPPROVER1'), reason: 'consent withdrawn' });
    await expect.poll(async () => (await get(`/tenant/${id}/profile`)).status).toBe(403);
  });

  it('accepts a webhook Grantdesk signed, and refuses a forged or a replayed one', async () => {
    const body = JSON.stringify({ id: 7, type: 'session.ended', occurredAt: new Date(), session: { id: 'x' } });
    const deliver = (signature: string) =>
      fetch(`${consoleUrl}/grantdesk/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'grantdesk-signature': signature },
        body,
      });
    const now = Math.floor(Date.now() / 1000);
    expect((await deliver(signConsoleWebhook(SECRET, now, body))).status).toBe(204);
    const forged = await deliver(signConsoleWebhook('a-guessed-secret', now, body));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ refused: 'signature does not match' });
    const replayed = await deliver(signConsoleWebhook(SECRET, now - 6 * 60, body));
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as { refused: string }).refused).toMatch(/^signed 36\d s away from now$/);
  });
});
