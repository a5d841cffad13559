/**
 * The fake Slack as its own tests use it: one channel, one person, and a WebClient of Slack's SDK with a bot token,
 * on a clock the test moves.
 */
import { WebClient } from '@slack/web-api';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import { quiet } from './quiet-slack-logger.ts';

export const TOKEN = 'xoxb-test-token';
export const CHANNEL = 'C0APPROVERS';

export function clientFor(fake: FakeSlack, token = TOKEN): WebClient {
  // No retries: a refusal should surface at once, as the assertion.
  return new WebClient(token, { slackApiUrl: fake.url, logger: quiet, retryConfig: { retries: 0 } });
}

export function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Starts the fake on `clock`, with CHANNEL and Riley (U0REQUESTER), and a client of it. */
export async function startFakeWorkspace(clock: () => number): Promise<{ fake: FakeSlack; slack: WebClient }> {
  const fake = await startFakeSlack({ clock });
  fake.addChannel(CHANNEL);
  fake.addUser({ id: 'U0REQUESTER', name: 'riley', email: 'riley@example.com' });
  return { fake, slack: clientFor(fake) };
}
