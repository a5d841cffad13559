/**
 * Access policy end to end (DESIGN.md §6), with POLICY_DIR set to a copy of examples/policy: every decision as staff and
 * approvers meet it in Slack, each on both sides of its condition, then a reload (SIGHUP's work) and a folder that
 * fails validation, at reload and at start. Requests are signed as Slack signs them; Slack and Jira are the fakes.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startGrantdesk } from '../../src/main.ts';
import { ActionId, CallbackId } from '../../src/slack/blocks/action-ids.ts';
import {
  APPROVER,
  APPROVER_CHANNEL,
  aNeed,
  buttonValue,
  GROUP_APPROVER,
  OUTSIDER,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';
import { selectedValue, textValue } from '../support/slack-request.ts';
import { createTestDatabase } from '../support/test-database.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
/** The channel examples/policy routes regulated tenants to, and the compliance channel told of a refused reload. */
const REGULATED_CHANNEL = 'C0REGULATD';
const COMPLIANCE_CHANNEL = 'C0COMPLY';
/** In the S0EUSUPPORT usergroup, which 20-regions.cedar lets ask for EU tenants. */
const EU_STAFF = 'U0EUANNA1';
/** Assigned to REQUESTER (by email), for 40-auto-approve.cedar. */
const OWN_TICKET = 'OPS-7';
const REASON = 'Look at the failing export as the customer sees it';

let e2e: SlackE2E;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'grantdesk-e2e-policy-'));
  await cp(EXAMPLES, folder, { recursive: true });
  e2e = await startSlackE2E({ POLICY_DIR: folder, COMPLIANCE_CHANNEL_ID: COMPLIANCE_CHANNEL });
  e2e.fake.addChannel(REGULATED_CHANNEL);
  e2e.fake.addChannel(COMPLIANCE_CHANNEL);
  e2e.fake.addUser({ id: EU_STAFF, name: 'anna', email: 'anna@example.test' });
  e2e.fake.setUsergroup('S0EUSUPPORT', [EU_STAFF]);
  e2e.jira.addIssue({
    key: OWN_TICKET,
    summary: 'Trial tenant cannot log in',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Requester',
    assigneeEmail: `${REQUESTER.toLowerCase()}@example.test`,
  });
}, 60_000);

afterAll(async () => {
  await e2e?.close();
}, 30_000);

const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

/** `/grant …` typed by `userId`: the one reply the requester sees (the ack or what came to the response_url). */
async function ask(text: string, userId = REQUESTER): Promise<string> {
  const sent = await e2e.command(userId, text);
  expect(sent.response.status).toBe(200);
  if (sent.ack?.text) return sent.ack.text;
  return textOf((await e2e.responses(sent.responseUrl))[0]);
}

/** The card of a grant in a channel other than APPROVER_CHANNEL_ID. */
const cardIn = (channel: string, shortCode: string) =>
  e2e.fake.waitFor(() =>
    e2e.fake
      .messages(channel)
      .find(
        (m) => (m.thread_ts === undefined || m.thread_ts === m.ts) && m.text.startsWith(`Access request ${shortCode}`),
      ),
  );

const refusedRequests = async (tenant: string) =>
  (await e2e.stores.audit.page({ types: ['ACCESS_REFUSED'], tenant }, 0, 50)).filter(
    (event) => event.details.attempted === 'request',
  );

const grantsFor = async (tenant: string) =>
  (await e2e.db.adminQuery('SELECT id FROM grants WHERE tenant = $1', [tenant])).rows;

describe('request: a forbid with a reason', () => {
  it('refuses an EU tenant to staff outside eu-support with the reason, audited, nothing stored', async () => {
    const reply = await ask(`initech-eu ${TICKET} 2h ${REASON}`);
    expect(reply).toContain('EU tenants are for the eu-support group; ask in #eu-access');
    const [audited] = await refusedRequests('initech-eu');
    expect(audited?.details).toMatchObject({ code: 'policy_refused', policyIds: ['eu-staff-only'] });
    expect(await grantsFor('initech-eu')).toHaveLength(0);
    expect(e2e.fake.messages(APPROVER_CHANNEL).filter((m) => m.text.includes('initech-eu'))).toHaveLength(0);
  });

  it('lets a member of eu-support ask: the card goes to the approvers', async () => {
    const shortCode = shortCodeIn(await ask(`initech-eu ${TICKET} 2h ${REASON}`, EU_STAFF));
    const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
    expect(buttonValue(card, ActionId.approveGrant)).toBeDefined();
    expect((await e2e.grant(shortCode)).status).toBe('PENDING');
  });
});

describe('request: write access', () => {
  it('refuses write on a regulated tenant, inline with --write, saying what to do instead', async () => {
    const reply = await ask(`first-bank ${TICKET} 1h --write ${REASON}`);
    expect(reply).toContain('Write access to regulated tenants is not granted: ask for read access');
    const [audited] = await refusedRequests('first-bank');
    expect(audited?.details).toMatchObject({ policyIds: ['no-write-on-regulated'], accessLevel: 'write' });
    expect(await grantsFor('first-bank')).toHaveLength(0);
  });

  it('takes write on a standard tenant from the modal, and the card says write', async () => {
    await e2e.command(REQUESTER, '');
    const opened = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.requestModal && !textOf(v.blocks).includes('globex')),
    );
    expect(textOf(opened.blocks)).toContain('Write: act and change things');
    await e2e.submit(REQUESTER, opened, {
      tenant: { tenant: textValue('globex') },
      target_user: { target_user: textValue(null) },
      ticket: { ticket: textValue(TICKET) },
      reason: { reason: textValue(REASON) },
      duration: { duration: selectedValue('1h') },
      access_level: { access_level: selectedValue('write', 'Write: act and change things') },
    });
    const shortCode = shortCodeIn(await e2e.updatedView(opened.id, 'waiting for approval'));
    const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
    expect(textOf(card.blocks)).toContain(':pencil2: write');
    expect((await e2e.grant(shortCode)).accessLevel).toBe('write');
  });

  it('refuses write on a regulated tenant from the modal too: the form comes back with the reason on top', async () => {
    await e2e.command(REQUESTER, '');
    const opened = await e2e.fake.waitFor(() =>
      e2e.fake.views().find((v) => v.callback_id === CallbackId.requestModal && !textOf(v.blocks).includes('bank')),
    );
    await e2e.submit(REQUESTER, opened, {
      tenant: { tenant: textValue('eurobank') },
      ticket: { ticket: textValue(TICKET) },
      reason: { reason: textValue(REASON) },
      duration: { duration: selectedValue('1h') },
      access_level: { access_level: selectedValue('write') },
    });
    const view = await e2e.updatedView(opened.id, 'not granted');
    expect(view.callback_id).toBe(CallbackId.requestModal);
    // eurobank is in the EU as well; the write refusal is the one that names what to do about the access level.
    expect(textOf(view.blocks)).toContain('Write access to regulated tenants is not granted');
    expect(await grantsFor('eurobank')).toHaveLength(0);
  });
});

describe('auto_approve', () => {
  it('starts a sandbox read on the requester’s own ticket at once: the card says "approved by policy"', async () => {
    const reply = await ask(`wonka-trial ${OWN_TICKET} 1h ${REASON}`);
    expect(reply).toContain('is active');
    const shortCode = shortCodeIn(reply);
    const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
    expect(textOf(card.blocks)).toContain('Approved by policy sandbox-assignee-read');
    expect(buttonValue(card, ActionId.approveGrant)).toBeUndefined();
    expect(await e2e.grant(shortCode)).toMatchObject({ status: 'ACTIVE', approvedByPolicy: 'sandbox-assignee-read' });
    expect(reply).toContain('Approved by policy sandbox-assignee-read');
    expect(await ask(`end ${shortCode}`)).toContain('Ended');
  });

  it('waits for an approver on a ticket that is not the requester’s, or for longer than an hour', async () => {
    for (const text of [`wonka-trial ${TICKET} 1h ${REASON}`, `wonka-trial ${OWN_TICKET} 2h ${REASON}`]) {
      const shortCode = shortCodeIn(await ask(text));
      const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
      expect(buttonValue(card, ActionId.approveGrant)).toBeDefined();
      expect((await e2e.grant(shortCode)).status).toBe('PENDING');
      await ask(`cancel ${shortCode}`);
    }
  });
});

describe('routing and approve', () => {
  it('routes a bank to its channel, needing two approvals from the policy’s approvers, at most 1h', async () => {
    expect(await ask(`first-bank ${TICKET} 2h ${REASON}`)).toContain(
      'first-bank allows at most 1h (policy bank-request)',
    );

    const shortCode = shortCodeIn(await ask(`first-bank ${TICKET} 1h ${REASON}`));
    const card = await cardIn(REGULATED_CHANNEL, shortCode);
    expect(e2e.card(shortCode)).toBeUndefined();
    expect(textOf(card.blocks)).toContain('Needs 2 approvals');
    const id = buttonValue(card, ActionId.approveGrant) as string;

    const outsider = await e2e.click(OUTSIDER, ActionId.approveGrant, id, { message: card });
    expect(textOf((await e2e.responses(outsider.responseUrl))[0])).toContain('Only approvers can approve');

    await e2e.click(APPROVER, ActionId.approveGrant, id, { message: card });
    const counted = await e2e.fake.waitFor(() =>
      e2e.fake
        .messages(REGULATED_CHANNEL)
        .find((m) => m.ts === card.ts && textOf(m.blocks).includes('1 of 2 approvals')),
    );
    expect((await e2e.grant(shortCode)).status).toBe('PENDING');
    await e2e.click(GROUP_APPROVER, ActionId.approveGrant, id, { message: counted });
    await e2e.fake.waitFor(() =>
      e2e.fake
        .messages(REGULATED_CHANNEL)
        .find((m) => m.ts === card.ts && textOf(m.blocks).includes(`Approved by <@${APPROVER}>, <@${GROUP_APPROVER}>`)),
    );
    expect((await e2e.grant(shortCode)).status).toBe('ACTIVE');
  });

  it('sends an unlisted tenant, as standard, to the approver channel with one approval', async () => {
    const shortCode = shortCodeIn(await ask(`acme-corp ${TICKET} 2h ${REASON}`));
    const card = await e2e.fake.waitFor(() => e2e.card(shortCode));
    await e2e.click(APPROVER, ActionId.approveGrant, buttonValue(card, ActionId.approveGrant) as string, {
      message: card,
    });
    await e2e.fake.waitFor(() => {
      const now = e2e.card(shortCode);
      return now && !buttonValue(now, ActionId.approveGrant) ? now : undefined;
    });
    expect((await e2e.grant(shortCode)).status).toBe('ACTIVE');
  });
});

describe('reload', () => {
  it('a changed folder takes effect and is recorded; one with a problem is refused, the set in force stays', async () => {
    await writeFile(
      join(folder, '25-freeze.cedar'),
      '@id("globex-freeze")\n@reason("Globex is frozen during its migration; ask #globex-migration")\n' +
        'forbid (principal, action == Grantdesk::Action::"request", resource == Grantdesk::Tenant::"globex");\n',
    );
    expect(await e2e.running.reloadPolicy()).toEqual({ outcome: 'loaded', problems: [] });
    const loaded = await e2e.stores.audit.page({ types: ['POLICY_LOADED'] }, 0, 10);
    expect(loaded.map((event) => event.details.trigger).sort()).toEqual(['reload', 'start']);
    expect(await ask(`${aNeed('globex')} ${TICKET} 1h ${REASON}`)).toContain('Globex is frozen during its migration');

    await writeFile(
      join(folder, '26-broken.cedar'),
      'permit (principal, action, resource) when { resource.colour == "red" };\n',
    );
    const kept = await e2e.running.reloadPolicy();
    expect(kept.outcome).toBe('kept');
    expect(kept.problems.join('\n')).toMatch(/26-broken\.cedar:1/);
    const told = await e2e.fake.waitFor(() =>
      e2e.fake.messages(COMPLIANCE_CHANNEL).find((m) => textOf(m.blocks).includes('26-broken.cedar')),
    );
    expect(textOf(told.blocks)).toContain('was not reloaded');
    // Still the set with the freeze: globex refused, banks routed.
    expect(await ask(`${aNeed('globex')} ${TICKET} 1h ${REASON}`)).toContain('Globex is frozen');
    expect(await e2e.stores.audit.page({ types: ['POLICY_LOADED'] }, 0, 10)).toHaveLength(2);
  });
});

describe('a folder that fails validation', () => {
  it('stops serve from starting, naming the file, the line and the problem', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'grantdesk-e2e-broken-policy-'));
    await cp(EXAMPLES, broken, { recursive: true });
    await writeFile(join(broken, '10-requests.cedar'), 'permit (principal, action, resource) when { context.nope };\n');
    const db = await createTestDatabase();
    try {
      const config = loadConfig({
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: 'xoxb-e2e-token',
        SLACK_SIGNING_SECRET: 'e2e-signing-secret',
        SLACK_API_URL: e2e.fake.url,
        APPROVER_CHANNEL_ID: APPROVER_CHANNEL,
        APPROVER_USER_IDS: APPROVER,
        JIRA_BASE_URL: e2e.jira.url,
        JIRA_PAT: 'unused',
        PORT: '0',
        POLICY_DIR: broken,
      });
      const start = startGrantdesk(config, createLogger('silent'), { http: true, workers: false });
      await expect(start).rejects.toThrow(/POLICY_DIR: 10-requests\.cedar:1/);
    } finally {
      await db.drop();
    }
  });
});
