/**
 * The Slack workspace and Jira project the Slack-facing benchmarks run against: this process's protocol-level fakes
 * (test/fakes) holding the approvers' channel, one requester, one approver and the ticket the requests cite, so
 * every request `grantdesk serve` takes in is checked with Jira and carded as an operator's would be.
 */
import { type FakeJira, startFakeJira } from '../test/fakes/fake-jira.ts';
import { type FakeSlack, startFakeSlack } from '../test/fakes/fake-slack.ts';

export const CHANNEL = 'C0APPROVERS';
export const REQUESTER = 'U0REQUESTER';
export const APPROVER = 'U0APPROVER1';

export interface BenchFakes {
  slack: FakeSlack;
  jira: FakeJira;
}

/** Starts both fakes; `ticketKey` is the Jira issue, in progress, that the bench's requests cite. */
export async function startBenchFakes(ticketKey: string): Promise<BenchFakes> {
  const slack = await startFakeSlack();
  slack.addChannel(CHANNEL);
  slack.addUser({ id: REQUESTER, name: 'requester', email: 'requester@example.com' });
  slack.addUser({ id: APPROVER, name: 'approver', email: 'approver@example.com' });
  const jira = await startFakeJira();
  jira.addIssue({
    key: ticketKey,
    summary: 'Bench',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: null,
  });
  return { slack, jira };
}
