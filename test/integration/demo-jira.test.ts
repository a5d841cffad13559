import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoJira } from '../../src/demo/demo-jira.ts';
import { JiraTicketTracker } from '../../src/jira/jira-ticket-tracker.ts';

describe('the demo Jira', () => {
  let jira: DemoJira;
  let tracker: JiraTicketTracker;

  beforeAll(async () => {
    jira = await DemoJira.start('demo-pat');
    tracker = new JiraTicketTracker({ baseUrl: jira.url, pat: 'demo-pat', timeoutMs: 3000 });
  });

  afterAll(async () => {
    await jira.close();
  });

  it("answers Grantdesk's Jira adapter with open and done tickets", async () => {
    expect(await tracker.getTicket('OPS-101')).toEqual({
      key: 'OPS-101',
      summary: 'Invoice export fails for acme-corp',
      status: 'In Progress',
      statusCategory: 'indeterminate',
      assignee: 'Riley Chen',
      url: `${jira.url}/browse/OPS-101`,
    });
    expect(await tracker.getTicket('OPS-105')).toMatchObject({ status: 'Done', statusCategory: 'done' });
    await expect(tracker.getTicket('OPS-999')).rejects.toMatchObject({ code: 'ticket_not_found' });
  });

  it('takes comments and shows them, escaped, on the ticket page', async () => {
    await tracker.addComment('OPS-102', 'Grant G-ABC123 is active: <b>riley</b>');
    expect(jira.comments('OPS-102')).toEqual(['Grant G-ABC123 is active: <b>riley</b>']);
    const page = await (await fetch(`${jira.url}/browse/OPS-102`)).text();
    expect(page).toContain('Grant G-ABC123 is active: &#60;b&#62;riley&#60;/b&#62;');
  });

  it('refuses a wrong token as Jira does', async () => {
    const stranger = new JiraTicketTracker({ baseUrl: jira.url, pat: 'wrong', timeoutMs: 3000 });
    await expect(stranger.getTicket('OPS-101')).rejects.toMatchObject({ code: 'tracker_unavailable' });
  });
});
