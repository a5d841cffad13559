/**
 * Every hostile input of issue 12 (items 1–3) sent to the running app over HTTP: Slack commands signed as Slack
 * signs them, a Jira ticket whose summary holds text Postgres cannot store, and the REST API's bodies, paths and
 * headers. Each is refused cleanly or stored exactly as hashed, and afterwards `grantdesk audit verify` passes.
 * Also the door of /slack/events: Slack's ssl_check, and timestamps from the future.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/create-api-token.ts';
import { verifyAuditChain } from '../../src/app/verify-audit-chain.ts';
import type { ApiScope } from '../../src/domain/api-token.ts';
import { ActionId } from '../../src/slack/blocks/action-ids.ts';
import { randomIds, systemClock } from '../../src/system-clock.ts';
import { CLI_TIMEOUT_MS, runGrantdeskHere } from '../support/run-cli.ts';
import {
  APPROVER,
  buttonValue,
  REQUESTER,
  SIGNING_SECRET,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
  until,
} from '../support/slack-e2e-harness.ts';
import { type SlackSignatureHeaders, signSlackRequest, slashCommandBody } from '../support/slack-request.ts';

let e2e: SlackE2E;
const secrets: Record<string, string> = {};
beforeAll(async () => {
  e2e = await startSlackE2E();
  const deps = { unitOfWork: e2e.stores.unitOfWork, clock: systemClock, ids: randomIds };
  for (const scope of ['sessions:write', 'audit:write', 'audit:read'] as ApiScope[]) {
    const { secret } = await createApiToken(deps, {
      name: scope,
      scopes: [scope],
      tenant: null,
      expiresInMs: null,
      actor: { kind: 'system', id: 'test' },
    });
    secrets[scope] = secret;
  }
});
afterAll(() => e2e.close());

const REASON = 'Reproduce the invoice export bug as the customer admin';
const UNSTORABLE = ['x\u0000y', 'x\ud800y', 'x\udc00y'];

async function api(
  method: string,
  path: string,
  scope: string,
  body?: unknown,
  headers: Record<string, string> = {},
  raw?: string | Buffer,
): Promise<{ status: number; error: { code?: string; message?: string } | undefined; json: Record<string, unknown> }> {
  const response = await fetch(`${e2e.appUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${secrets[scope]}`, 'content-type': 'application/json', ...headers },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, error: json.error as { code?: string; message?: string } | undefined, json };
}

/** A 4xx that says what was wrong, the way every API error does. */
function expectClientError(answer: Awaited<ReturnType<typeof api>>, status: number, what: string): void {
  expect(answer.status, what).toBe(status);
  expect(answer.error?.code, what).toEqual(expect.any(String));
  expect(answer.error?.message, what).toEqual(expect.any(String));
}

async function answerTo(text: string): Promise<string> {
  const sent = await e2e.command(REQUESTER, text);
  expect(sent.response.status).toBe(200);
  if (sent.ack?.text?.startsWith(':no_entry:')) return sent.ack.text;
  const [reply] = await e2e.responses(sent.responseUrl);
  return textOf(reply);
}

describe('every hostile input against the running app, then audit verify', () => {
  it(
    'refuses what cannot be stored, stores Jira text as hashed, and leaves a chain that verifies',
    async () => {
      // Slack: a reason with a NUL is refused in words, and nothing is requested.
      const refusal = await answerTo(`acme-corp ${TICKET} 30m Reproduce\u0000 the invoice export bug`);
      expect(refusal).toContain(':no_entry:');
      expect(refusal).toContain('NUL');
      expect(refusal).not.toContain('Something went wrong');

      // Jira: a summary nobody here typed is kept, its unstorable characters replaced, so stored = hashed.
      e2e.jira.addIssue({
        key: 'OPS-777',
        summary: 'Export\u0000 fails \ud800 for admins',
        status: 'In Progress',
        statusCategory: 'indeterminate',
        assignee: 'Sam\u0000',
      });
      const sent = await e2e.command(REQUESTER, `acme-corp OPS-777 30m ${REASON}`);
      const [outcome] = await e2e.responses(sent.responseUrl);
      const shortCode = /G-[0-9A-Z]{6}/.exec(textOf(outcome))?.[0] ?? '';
      const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
      const grantId = buttonValue(card, ActionId.approveGrant) ?? '';
      const requested = (await e2e.stores.audit.byGrant(grantId))[0]!;
      expect(requested.details.ticket).toMatchObject({ summary: 'Export\ufffd fails \ufffd for admins' });
      const issueReads = e2e.jira.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issue/OPS-777'));
      expect(issueReads.length).toBeGreaterThan(0);
      for (const read of issueReads) {
        expect(read.query).toEqual({ fields: 'summary,status,assignee' });
      }
      await e2e.click(APPROVER, ActionId.approveGrant, grantId, { message: card });
      await until(async () => (await e2e.grant(shortCode)).status === 'ACTIVE');

      // REST: every field and path of items 1–3.
      const session = `/api/v1/impersonation/sessions/${grantId}`;
      for (const bad of UNSTORABLE) {
        expectClientError(await api('POST', `${session}/use`, 'sessions:write', { userAgent: bad }), 422, 'use');
        expectClientError(
          await api('POST', `${session}/record-action`, 'sessions:write', { action: `viewed ${bad}` }),
          422,
          'record-action',
        );
        const base = { actor: { id: 'U0ADA' }, action: 'tenant.suspend', tenant: 'acme-corp' };
        for (const [what, body] of Object.entries({
          'actor.id': { ...base, actor: { id: bad } },
          action: { ...base, action: bad },
          userAgent: { ...base, userAgent: bad },
          details: { ...base, details: { note: bad } },
          before: { ...base, before: { [bad]: 1 } },
          after: { ...base, after: { list: [bad] } },
        })) {
          expectClientError(await api('POST', '/api/v1/audit/events', 'audit:write', body), 422, what);
        }
      }
      const deep = `{"a":${'['.repeat(3_499)}${']'.repeat(3_499)}}`;
      const deepBody = `{"actor":{"id":"U0ADA"},"action":"tenant.suspend","tenant":"acme-corp","details":${deep}}`;
      expectClientError(await api('POST', '/api/v1/audit/events', 'audit:write', undefined, {}, deepBody), 422, 'deep');
      const consoleBody = JSON.stringify({ actor: { id: 'U0ADA' }, action: 'tenant.suspend', tenant: 'acme-corp' });
      for (const charset of ['iso-8859-1', 'no-such-charset']) {
        const headers = { 'content-type': `application/json; charset=${charset}` };
        expectClientError(
          await api('POST', '/api/v1/audit/events', 'audit:write', undefined, headers, consoleBody),
          415,
          charset,
        );
      }
      expectClientError(
        await api(
          'POST',
          '/api/v1/audit/events',
          'audit:write',
          undefined,
          { 'content-encoding': 'gzip' },
          Buffer.from('garbage'),
        ),
        400,
        'gzip',
      );
      expectClientError(await api('GET', '/api/v1/impersonation/sessions/%FF', 'audit:read'), 400, '%FF');

      // What is storable goes in, and reads back as hashed.
      const used = await api('POST', `${session}/use`, 'sessions:write', { userAgent: '=HYPERLINK("x") \\0 \u202e' });
      expect(used.status).toBe(200);
      const gzipped = await api(
        'POST',
        '/api/v1/audit/events',
        'audit:write',
        undefined,
        { 'content-encoding': 'gzip' },
        gzipSync(consoleBody),
      );
      expect(gzipped.status).toBe(201);

      expect(await verifyAuditChain(e2e.stores.audit)).toMatchObject({ ok: true });
      const verified = await runGrantdeskHere(['audit', 'verify'], { DATABASE_URL: e2e.db.url });
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    },
    CLI_TIMEOUT_MS * 2,
  );
});

describe('the door of /slack/events', () => {
  const post = (headers: Record<string, string> | SlackSignatureHeaders, body: string) =>
    fetch(new URL('/slack/events', e2e.appUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });

  it("answers Slack's ssl_check with 200, unsigned as Slack sends it, and runs nothing", async () => {
    const response = await post({}, 'ssl_check=1&token=fake-verification-token');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses a request signed more than five minutes in the future, as it refuses a stale one', async () => {
    const payload = slashCommandBody({ user_id: REQUESTER, text: `future-corp ${TICKET} 30m ${REASON}` });
    const tenMinutesAhead = Math.floor(Date.now() / 1000) + 600;
    expect((await post(signSlackRequest(SIGNING_SECRET, payload, tenMinutesAhead), payload)).status).toBe(401);
    const rows = await e2e.db.adminQuery("SELECT count(*)::int AS n FROM grants WHERE tenant = 'future-corp'");
    expect(rows.rows[0].n).toBe(0);
    const oneMinuteAhead = Math.floor(Date.now() / 1000) + 60;
    const help = slashCommandBody({ user_id: REQUESTER, text: 'help' });
    expect((await post(signSlackRequest(SIGNING_SECRET, help, oneMinuteAhead), help)).status).toBe(200);
  });
});
