/**
 * Reminders and escalation under an access policy (DESIGN.md §6, §7), end to end against the fake Slack: a reminder
 * mentions only the configured approvers whom the policy's `approve` action lets decide that request, the escalated
 * copy names the same people, and the event records them. POLICY_DIR is a copy of examples/policy in which regulated
 * tenants are approved by one member of the approver usergroup only.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVER,
  APPROVER_CHANNEL,
  APPROVER_GROUP,
  aNeed,
  GROUP_APPROVER,
  REQUESTER,
  type SlackE2E,
  startSlackE2E,
  TICKET,
  textOf,
} from '../support/slack-e2e-harness.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
/** Where examples/policy routes regulated tenants. */
const REGULATED_CHANNEL = 'C0REGULATD';
const ESCALATION_CHANNEL = 'C0ESCALATE';
/** In the approver usergroup beside GROUP_APPROVER, so a configured approver, but not one for regulated tenants. */
const OTHER_GROUP_APPROVER = 'U0APPROVER3';

const APPROVERS_POLICY = `@id("approvers-approve")
permit (principal in Grantdesk::Group::"approvers", action == Grantdesk::Action::"approve", resource)
when { resource.tier != "regulated" }
unless { context has requester && context.requester == principal };

@id("regulated-approver")
permit (principal == Grantdesk::Staff::"${GROUP_APPROVER}", action == Grantdesk::Action::"approve", resource)
when { resource.tier == "regulated" };
`;

let e2e: SlackE2E;

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'grantdesk-e2e-nudge-policy-'));
  await cp(EXAMPLES, folder, { recursive: true });
  await writeFile(join(folder, '50-approvers.cedar'), APPROVERS_POLICY);
  e2e = await startSlackE2E({
    POLICY_DIR: folder,
    APPROVAL_REMINDER: '1s',
    APPROVAL_ESCALATION: '2s',
    ESCALATION_CHANNEL_ID: ESCALATION_CHANNEL,
  });
  e2e.fake.addChannel(REGULATED_CHANNEL);
  e2e.fake.addChannel(ESCALATION_CHANNEL);
  e2e.fake.addUser({ id: OTHER_GROUP_APPROVER, name: 'other', email: 'other@example.test' });
  e2e.fake.setUsergroup(APPROVER_GROUP, [GROUP_APPROVER, OTHER_GROUP_APPROVER]);
  // Named by examples/policy/20-regions.cedar: asked about every request.
  e2e.fake.setUsergroup('S0EUSUPPORT', []);
}, 60_000);
afterAll(async () => e2e?.close(), 30_000);

const shortCodeIn = (value: unknown) => /G-[0-9A-Z]{6}/.exec(textOf(value))?.[0] ?? '';

/** Requests `tenant` and waits for its reminder (in the card's thread) and its escalated copy. */
async function remindedAndEscalated(tenant: string, channel: string) {
  const sent = await e2e.command(REQUESTER, `${aNeed(tenant)} ${TICKET} 30m Reproduce the export bug for the customer`);
  const shortCode = shortCodeIn((await e2e.responses(sent.responseUrl))[0]);
  const card = await e2e.fake.waitFor(() =>
    e2e.fake.topLevelMessages(channel).find((m) => m.text.startsWith(`Access request ${shortCode}`)),
  );
  const reminder = await e2e.fake.waitFor(() =>
    e2e.fake.thread(channel, card.ts).find((m) => m.text.includes('still waiting')),
  );
  const copy = await e2e.fake.waitFor(() =>
    e2e.fake.topLevelMessages(ESCALATION_CHANNEL).find((m) => m.text.includes(`Access request ${shortCode}`)),
  );
  const grant = await e2e.grant(shortCode);
  const trail = await e2e.stores.audit.byGrant(grant.id);
  const detailsOf = (type: string) => trail.find((event) => event.type === type)?.details;
  return { reminder: textOf(reminder), copy: textOf(copy.blocks), detailsOf };
}

describe('reminders under an access policy', () => {
  it('mention only the approvers the policy lets approve a regulated tenant, and record them', async () => {
    const { reminder, copy, detailsOf } = await remindedAndEscalated('first-bank', REGULATED_CHANNEL);
    expect(reminder).toContain(`<@${GROUP_APPROVER}>`);
    for (const text of [reminder, copy]) {
      expect(text).not.toContain(`<@${APPROVER}>`);
      expect(text).not.toContain(`<@${OTHER_GROUP_APPROVER}>`);
      expect(text).not.toContain(`<!subteam^${APPROVER_GROUP}>`);
    }
    expect(copy).toContain(`Approvers: <@${GROUP_APPROVER}>`);
    const mentioned = { userIds: [GROUP_APPROVER], usergroupId: null };
    expect(detailsOf('GRANT_APPROVAL_REMINDED')).toMatchObject({ mentioned });
    expect(detailsOf('GRANT_ESCALATED')).toMatchObject({ mentioned });
  });

  it('mention the whole usergroup where the policy lets each of its members approve', async () => {
    const { reminder, copy, detailsOf } = await remindedAndEscalated('acme-corp', APPROVER_CHANNEL);
    for (const text of [reminder, copy]) {
      expect(text).toContain(`<!subteam^${APPROVER_GROUP}>`);
      expect(text).toContain(`<@${APPROVER}>`);
    }
    expect(reminder).not.toContain(`<@${REQUESTER}>`);
    const mentioned = { userIds: [APPROVER], usergroupId: APPROVER_GROUP };
    expect(detailsOf('GRANT_APPROVAL_REMINDED')).toMatchObject({ mentioned });
  });
});
