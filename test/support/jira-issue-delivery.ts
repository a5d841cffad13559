/**
 * A `jira:issue_updated` delivery shaped like the ones Jira Cloud sends: the whole issue (description, environment
 * and comments near Jira's 32,767-character text limit, custom fields, the changelog of the transition), padded to
 * the size asked for. Grantdesk reads only the key and status; the rest is what makes real deliveries large.
 */
export function realisticIssueUpdated(
  key: string,
  status: { name: string; category: 'new' | 'indeterminate' | 'done' },
  approximateBytes = 100_000,
): string {
  const person = (name: string) => ({
    self: `https://acme.atlassian.net/rest/api/2/user?accountId=5b10ac8d82e05b22cc7d4ef5`,
    accountId: '5b10ac8d82e05b22cc7d4ef5',
    displayName: name,
    active: true,
    timeZone: 'Europe/Paris',
    accountType: 'atlassian',
    avatarUrls: {
      '48x48': 'https://avatar-management.example/48.png',
      '24x24': 'https://avatar-management.example/24.png',
    },
  });
  const paragraph = 'Customer reports that invoices issued after the plan change show the old VAT rate. ';
  const text = (length: number) => paragraph.repeat(Math.ceil(length / paragraph.length)).slice(0, length);
  const delivery = {
    timestamp: 1_764_000_000_000,
    webhookEvent: 'jira:issue_updated',
    issue_event_type_name: 'issue_generic',
    user: person('Ada Lovelace'),
    issue: {
      id: '10042',
      self: `https://acme.atlassian.net/rest/api/2/10042`,
      key,
      fields: {
        summary: 'Invoices show the old VAT rate after a plan change',
        status: {
          name: status.name,
          id: '10001',
          statusCategory: { id: 3, key: status.category, colorName: 'green', name: 'Done' },
        },
        issuetype: { id: '10004', name: 'Bug', subtask: false },
        project: { id: '10000', key: key.split('-')[0], name: 'Operations' },
        priority: { id: '2', name: 'High' },
        labels: ['billing', 'vat', 'customer-escalation'],
        assignee: person('Ada Lovelace'),
        reporter: person('Grace Hopper'),
        description: text(32_000),
        environment: text(16_000),
        customfield_10020: [{ id: 42, name: 'Sprint 42', state: 'active' }],
        comment: {
          comments: [0, 1, 2].map((i) => ({
            id: String(20_000 + i),
            author: person('Ada Lovelace'),
            body: text(12_000),
          })),
          maxResults: 3,
          total: 3,
          startAt: 0,
        },
      },
    },
    changelog: {
      id: '30001',
      items: [
        {
          field: 'status',
          fieldtype: 'jira',
          from: '3',
          fromString: 'In Progress',
          to: '10001',
          toString: status.name,
        },
      ],
    },
  };
  const json = JSON.stringify(delivery);
  const padding = Math.max(0, approximateBytes - json.length - 40);
  return JSON.stringify({ ...delivery, issue: { ...delivery.issue, renderedFields: { description: text(padding) } } });
}
