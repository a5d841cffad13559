import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '../../src/domain/grant.ts';
import { policyContextOf } from '../../src/domain/policy/policy-context.ts';

const ticket: TicketSnapshot = {
  key: 'OPS-7',
  summary: 'Trial tenant broken',
  status: 'In Progress',
  statusCategory: 'indeterminate',
  assignee: 'Riley Chen',
  url: 'https://jira.example.test/browse/OPS-7',
};

const contextFor = (snapshot: TicketSnapshot, requesterEmail: string | null = 'riley@acme.test') =>
  policyContextOf({
    durationMs: 3_600_000,
    accessLevel: 'read',
    targetUser: null,
    ticket: snapshot,
    requesterEmail,
    // Monday 2026-12-07 08:30 UTC is 09:30 in Paris.
    at: new Date('2026-12-07T08:30:00Z'),
    timeZone: 'Europe/Paris',
  });

describe('policyContextOf', () => {
  it("matches the requester to the assignee's email, whatever its case", () => {
    const context = contextFor({ ...ticket, assigneeEmail: 'Riley@ACME.test' });
    expect(context.ticket).toMatchObject({
      project: 'OPS',
      assigneeEmail: 'Riley@ACME.test',
      requesterIsAssignee: true,
    });
    expect(context).toMatchObject({ duration: 3600, targetUser: '', hour: 9, weekday: 1 });
  });

  it('takes a display name that is an email for the email, and never matches any other display name', () => {
    expect(contextFor({ ...ticket, assignee: 'riley@acme.test' }).ticket.requesterIsAssignee).toBe(true);
    expect(contextFor(ticket).ticket).toMatchObject({ assigneeEmail: '', requesterIsAssignee: false });
    expect(contextFor({ ...ticket, assigneeEmail: 'sam@acme.test' }).ticket.requesterIsAssignee).toBe(false);
  });

  it('never matches an unassigned ticket or a requester whose email is unknown', () => {
    expect(contextFor({ ...ticket, assignee: null }).ticket.requesterIsAssignee).toBe(false);
    expect(contextFor({ ...ticket, assigneeEmail: 'riley@acme.test' }, null).ticket.requesterIsAssignee).toBe(false);
  });
});
