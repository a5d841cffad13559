/**
 * Who may approve and audit, and people's emails, read from the fake Slack Web API: usergroup membership cached for
 * SLACK_USERGROUP_CACHE and read again after; a failure never cached and never taken for "not an approver".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { SlackAccessDirectory } from '../../src/slack/slack-access-directory.ts';
import { SlackPeopleDirectory } from '../../src/slack/slack-people-directory.ts';
import { slackWebClient } from '../../src/slack/slack-web-client.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import { ManualClock } from '../support/services-harness.ts';

const CACHE_MS = 60_000;

let fake: FakeSlack;
let clock: ManualClock;

beforeEach(async () => {
  fake = await startFakeSlack();
  clock = new ManualClock();
});

afterEach(async () => {
  await fake.stop();
});

const client = () => slackWebClient({ botToken: 'xoxb-test', apiUrl: fake.url, logger: createLogger('silent') });

function directory(lists: Partial<ConstructorParameters<typeof SlackAccessDirectory>[1]> = {}) {
  return new SlackAccessDirectory(
    client(),
    {
      approvers: { userIds: ['U0LISTED'], usergroupId: 'S0APPROVERS' },
      auditors: { userIds: ['U0AUDITOR'], usergroupId: 'S0AUDITORS' },
      ...lists,
    },
    CACHE_MS,
    clock,
  );
}

describe('SlackAccessDirectory', () => {
  it('approvers are the listed ids and the group members; auditors add their own and every approver', async () => {
    fake.setUsergroup('S0APPROVERS', ['U0MEMBER']).setUsergroup('S0AUDITORS', ['U0READER']);
    const access = directory();
    expect(await access.isApprover('U0LISTED')).toBe(true);
    expect(await access.isApprover('U0MEMBER')).toBe(true);
    expect(await access.isApprover('U0READER')).toBe(false);
    expect(await access.isApprover('U0AUDITOR')).toBe(false);
    for (const auditor of ['U0AUDITOR', 'U0READER', 'U0LISTED', 'U0MEMBER'])
      expect(await access.isAuditor(auditor)).toBe(true);
    expect(await access.isAuditor('U0NOBODY')).toBe(false);
  });

  it('caches a group for SLACK_USERGROUP_CACHE, sharing one call between concurrent checks', async () => {
    fake.setUsergroup('S0APPROVERS', ['U0MEMBER']);
    const access = directory({ auditors: { userIds: [], usergroupId: undefined } });
    await Promise.all([access.isApprover('U0MEMBER'), access.isApprover('U0OTHER'), access.isApprover('U0MEMBER')]);
    expect(fake.calls('usergroups.users.list')).toHaveLength(1);

    fake.setUsergroup('S0APPROVERS', []);
    clock.advance(CACHE_MS - 1);
    expect(await access.isApprover('U0MEMBER')).toBe(true);
    clock.advance(1);
    expect(await access.isApprover('U0MEMBER')).toBe(false);
    expect(fake.calls('usergroups.users.list')).toHaveLength(2);
  });

  it('asks no group when the id is listed, and none at all without a group', async () => {
    const access = directory({ approvers: { userIds: ['U0LISTED'], usergroupId: undefined } });
    expect(await access.isApprover('U0LISTED')).toBe(true);
    expect(await access.isApprover('U0OTHER')).toBe(false);
    expect(fake.calls('usergroups.users.list')).toHaveLength(0);
  });

  it('a Slack failure propagates (nobody is refused on a guess) and is not cached', async () => {
    const access = directory();
    await expect(access.isApprover('U0MEMBER')).rejects.toThrow('no_such_subteam');
    fake.setUsergroup('S0APPROVERS', ['U0MEMBER']);
    expect(await access.isApprover('U0MEMBER')).toBe(true);
  });
});

describe('SlackPeopleDirectory', () => {
  it('reads the email once per person for a while; none for an unknown person or one without an email', async () => {
    fake.addUser({ id: 'U0ADA', name: 'ada', email: 'ada@example.com' }).addUser({ id: 'U0BOB', name: 'bob' });
    const people = new SlackPeopleDirectory(client(), clock);
    expect(await people.emailOf('U0ADA')).toBe('ada@example.com');
    expect(await people.emailOf('U0ADA')).toBe('ada@example.com');
    expect(fake.calls('users.info')).toHaveLength(1);
    expect(await people.emailOf('U0BOB')).toBeNull();
    expect(await people.emailOf('U0GHOST')).toBeNull();
    clock.advance(10 * 60_000);
    await people.emailOf('U0ADA');
    expect(fake.calls('users.info').filter((c) => c.args.user === 'U0ADA')).toHaveLength(2);
  });
});
