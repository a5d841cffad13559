/** The fake Slack's views: modals opened once per trigger_id within its lifetime, pushed, updated, refused; Home tabs. */
import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import { clientFor, section, startFakeWorkspace } from '../support/fake-slack-workspace.ts';

describe('fake Slack Web API: views', () => {
  let fake: FakeSlack;
  let clock: number;
  let slack: WebClient;

  beforeEach(async () => {
    clock = Date.parse('2024-03-04T10:00:00Z');
    ({ fake, slack } = await startFakeWorkspace(() => clock));
  });

  afterEach(async () => {
    await fake.stop();
  });

  describe('views', () => {
    const modal = {
      type: 'modal' as const,
      callback_id: 'grant.request',
      title: { type: 'plain_text' as const, text: 'Request access' },
      submit: { type: 'plain_text' as const, text: 'Request' },
      blocks: [
        {
          type: 'input' as const,
          block_id: 'tenant',
          label: { type: 'plain_text' as const, text: 'Tenant' },
          element: { type: 'plain_text_input' as const, action_id: 'tenant' },
        },
      ],
    };

    it('opens a modal once per trigger_id, and updates it', async () => {
      const trigger = fake.issueTriggerId('U0REQUESTER');
      const opened = await slack.views.open({ trigger_id: trigger, view: modal });
      expect(opened.view).toMatchObject({
        id: expect.stringMatching(/^V/),
        callback_id: 'grant.request',
        type: 'modal',
      });
      await expect(slack.views.open({ trigger_id: trigger, view: modal })).rejects.toMatchObject({
        data: { error: 'invalid_trigger_id' },
      });
      await expect(slack.views.open({ trigger_id: '1.2.unknown', view: modal })).rejects.toMatchObject({
        data: { error: 'invalid_trigger_id' },
      });

      const updated = await slack.views.update({
        view_id: opened.view!.id!,
        hash: opened.view!.hash!,
        view: { ...modal, private_metadata: 'grant-1' },
      });
      expect(updated.view).toMatchObject({ id: opened.view!.id, private_metadata: 'grant-1' });
      await expect(
        slack.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal }),
      ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
      expect(fake.views()).toMatchObject([{ id: opened.view!.id, user_id: 'U0REQUESTER' }]);
    });

    it('pushes views onto an open modal, three deep at most, as Slack does', async () => {
      const root = await slack.views.open({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal });
      const pushed = await slack.views.push({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal });
      expect(pushed.view).toMatchObject({ previous_view_id: root.view!.id, root_view_id: root.view!.id });
      await slack.views.push({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal });
      await expect(
        slack.views.push({ trigger_id: fake.issueTriggerId('U0REQUESTER'), view: modal }),
      ).rejects.toMatchObject({ data: { error: 'push_limit_reached' } });
      await expect(slack.views.push({ trigger_id: fake.issueTriggerId('U0OTHER'), view: modal })).rejects.toMatchObject(
        { data: { error: 'view_not_found' } },
      );
      expect(fake.views()).toHaveLength(3);
    });

    it('expires a trigger_id after 3 seconds', async () => {
      const fresh = fake.issueTriggerId();
      const stale = fake.issueTriggerId();
      clock += 2999;
      await expect(slack.views.open({ trigger_id: fresh, view: modal })).resolves.toMatchObject({ ok: true });
      clock += 2;
      await expect(slack.views.open({ trigger_id: stale, view: modal })).rejects.toMatchObject({
        data: { error: 'expired_trigger_id' },
      });
    });

    it('takes a shorter trigger lifetime when configured', async () => {
      const quick = await startFakeSlack({ triggerLifetimeMs: 20 });
      try {
        const trigger = quick.issueTriggerId();
        await new Promise((resolve) => setTimeout(resolve, 40));
        await expect(clientFor(quick).views.open({ trigger_id: trigger, view: modal })).rejects.toMatchObject({
          data: { error: 'expired_trigger_id' },
        });
      } finally {
        await quick.stop();
      }
    });

    it('refuses views Slack would refuse, saying where', async () => {
      const tooMany = {
        type: 'home' as const,
        blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })),
      };
      await expect(slack.views.publish({ user_id: 'U0REQUESTER', view: tooMany })).rejects.toMatchObject({
        data: {
          error: 'invalid_arguments',
          response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
        },
      });
      const longTitle = { ...modal, title: { type: 'plain_text' as const, text: 'A title far longer than 24' } };
      await expect(slack.views.open({ trigger_id: fake.issueTriggerId(), view: longTitle })).rejects.toMatchObject({
        data: {
          response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
        },
      });
    });

    it('publishes a Home tab per user', async () => {
      const home = { type: 'home' as const, blocks: [section('Your grants')] };
      await expect(slack.views.publish({ user_id: 'U0REQUESTER', view: home })).resolves.toMatchObject({ ok: true });
      expect(fake.homeView('U0REQUESTER')).toMatchObject({ type: 'home', blocks: [section('Your grants')] });
      await expect(slack.views.publish({ user_id: 'U0NOBODY', view: home })).rejects.toMatchObject({
        data: { error: 'user_not_found' },
      });
    });
  });
});
