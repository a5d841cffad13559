/** The demo's Jira tickets: the ones its week of stories and its people refer to. */
import type { JiraIssueInput } from './jira-issues.ts';

export const DEMO_TICKETS: readonly JiraIssueInput[] = [
  {
    key: 'OPS-101',
    summary: 'Invoice export fails for acme-corp',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Riley Chen',
    projectName: 'Operations',
  },
  {
    key: 'OPS-102',
    summary: 'Globex: SSO login loop after IdP certificate rotation',
    status: 'To Do',
    statusCategory: 'new',
    assignee: 'Riley Chen',
    projectName: 'Operations',
  },
  {
    key: 'OPS-103',
    summary: 'Bulk user import stuck at 80% on several tenants',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Sam Patel',
    projectName: 'Operations',
  },
  {
    key: 'OPS-104',
    summary: 'Initech: webhook deliveries delayed by hours',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Sam Patel',
    projectName: 'Operations',
  },
  {
    key: 'OPS-105',
    summary: 'Umbrella: restore a deleted project',
    status: 'Done',
    statusCategory: 'done',
    assignee: 'Riley Chen',
    projectName: 'Operations',
  },
  {
    key: 'OPS-106',
    summary: 'Hooli: check the billing plan migration',
    status: 'Done',
    statusCategory: 'done',
    assignee: null,
    projectName: 'Operations',
  },
  {
    // Riley's own ticket, with her email as Jira shows it: a read of the sandbox tenant for an hour is approved at once.
    key: 'OPS-107',
    summary: 'wonka-trial: the onboarding wizard hangs on step 3',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Riley Chen',
    assigneeEmail: 'riley.chen@acme-support.example',
    projectName: 'Operations',
  },
];
