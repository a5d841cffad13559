import { describe, expect, it } from 'vitest';
import { GrantdeskError } from '../../src/domain/errors.ts';
import type { TicketSnapshot } from '../../src/domain/grant.ts';
import { assertProjectAllowed, validateTicket } from '../../src/domain/ticket-policy.ts';

function ticket(overrides: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    key: 'OPS-123',
    summary: 'Customer cannot export invoices',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: null,
    url: 'https://acme.atlassian.net/browse/OPS-123',
    ...overrides,
  };
}

function refusal(check: () => void): GrantdeskError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(GrantdeskError);
    return error as GrantdeskError;
  }
  throw new Error('expected a refusal');
}

describe('validateTicket', () => {
  it('accepts an open ticket in an allowed project', () => {
    expect(() => validateTicket(ticket(), { allowedProjects: ['OPS', 'SEC'], requireOpen: true })).not.toThrow();
  });

  it('accepts any project when none are configured', () => {
    expect(() => validateTicket(ticket({ key: 'ANY-1' }), { requireOpen: true })).not.toThrow();
    expect(() => validateTicket(ticket({ key: 'ANY-1' }), { allowedProjects: [], requireOpen: true })).not.toThrow();
  });

  it('refuses a ticket from another project, listing the accepted ones', () => {
    const error = refusal(() => validateTicket(ticket(), { allowedProjects: ['SEC', 'SUP'], requireOpen: true }));

    expect(error.code).toBe('ticket_not_allowed');
    expect(error.message).toBe(
      'OPS-123 is in project OPS, which Grantdesk does not accept; use a ticket in one of: SEC, SUP',
    );
    expect(error.details).toMatchObject({ ticketKey: 'OPS-123', project: 'OPS', allowedProjects: ['SEC', 'SUP'] });
  });

  it('compares project keys whatever their case or surrounding spaces in the configuration', () => {
    expect(() => validateTicket(ticket(), { allowedProjects: [' ops ', 'sec'], requireOpen: true })).not.toThrow();
  });

  it('does not take a project whose key merely starts the same', () => {
    const error = refusal(() =>
      validateTicket(ticket({ key: 'OPSX-1' }), { allowedProjects: ['OPS'], requireOpen: false }),
    );

    expect(error.code).toBe('ticket_not_allowed');
  });

  it('refuses a ticket in the done category, naming its status', () => {
    const error = refusal(() =>
      validateTicket(ticket({ status: 'Done', statusCategory: 'done' }), { requireOpen: true }),
    );

    expect(error.code).toBe('ticket_closed');
    expect(error.message).toBe('OPS-123 is Done; reopen it or use an open ticket');
  });

  it('uses the status name Jira shows, whatever the workflow calls it', () => {
    const error = refusal(() =>
      validateTicket(ticket({ status: 'Resolved', statusCategory: 'done' }), { requireOpen: true }),
    );

    expect(error.message).toBe('OPS-123 is Resolved; reopen it or use an open ticket');
  });

  it('accepts a done ticket when open tickets are not required', () => {
    expect(() =>
      validateTicket(ticket({ status: 'Done', statusCategory: 'done' }), { requireOpen: false }),
    ).not.toThrow();
  });

  it('accepts new and in-progress tickets when open tickets are required', () => {
    for (const statusCategory of ['new', 'indeterminate']) {
      expect(() => validateTicket(ticket({ statusCategory }), { requireOpen: true })).not.toThrow();
    }
  });

  it('checks the project before the status', () => {
    const error = refusal(() =>
      validateTicket(ticket({ status: 'Done', statusCategory: 'done' }), {
        allowedProjects: ['SEC'],
        requireOpen: true,
      }),
    );

    expect(error.code).toBe('ticket_not_allowed');
  });
});

describe('assertProjectAllowed', () => {
  it('checks a bare key before anything is looked up', () => {
    expect(() => assertProjectAllowed('SEC-1', ['SEC'])).not.toThrow();
    expect(() => assertProjectAllowed('SEC-1', undefined)).not.toThrow();
    expect(refusal(() => assertProjectAllowed('OPS-9', ['SEC'])).code).toBe('ticket_not_allowed');
  });
});
