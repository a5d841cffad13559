/**
 * The queues, one per kind of work, so a slow Slack or Jira never holds up an expiry: timed transitions
 * (`expire`, `warn`, `lapse`, `idle`, `remind`, `escalate` jobs, delayed until due) on `expiry`, Slack notifications on `notify`, ticket comments on
 * `jira-comment`, the weekly digest and anomaly scans on `compliance`. Outbox topics map onto them; a topic added later gets a queue of its own name.
 */
export const QueueNames = {
  expiry: 'expiry',
  notify: 'notify',
  jiraComment: 'jira-comment',
  compliance: 'compliance',
} as const;

export type QueueName = (typeof QueueNames)[keyof typeof QueueNames];

export function queueOfTopic(topic: string): string {
  return topic === 'schedule' ? QueueNames.expiry : topic;
}
