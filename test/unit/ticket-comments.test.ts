import { describe, expect, it } from 'vitest';
import type { Grant } from '../../src/domain/grant.ts';
import {
  grantActivatedComment,
  grantEndedComment,
  grantExtendedComment,
  JIRA_COMMENT_MAX_LENGTH,
  type RecordedAction,
} from '../../src/jira/ticket-comments.ts';

const START = new Date('2024-05-01T10:00:00.000Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

function activeGrant(overrides: Partial<Grant> = {}): Grant {
  return {
    id: '3e0a1b2c-0000-4000-8000-000000000000',
    shortCode: 'G-7K3M9Q',
    requesterId: 'U0REQ',
    requesterEmail: 'alice@corp.example',
    tenant: 'acme',
    targetUser: 'bob@acme.example',
    reason: 'Reproduce the invoice export failure',
    ticket: {
      key: 'OPS-123',
      summary: 'Customer cannot export invoices',
      status: 'In Progress',
      statusCategory: 'indeterminate',
      assignee: null,
      url: 'https://acme.atlassian.net/browse/OPS-123',
    },
    requestedDurationMs: 30 * 60_000,
    status: 'ACTIVE',
    approvals: [{ approverId: 'U0APP', approverEmail: 'carol@corp.example', approvedAt: START }],
    requestedAt: minutes(-5),
    decidedAt: START,
    decidedBy: 'U0APP',
    denyReason: null,
    startTime: START,
    expiresAt: minutes(30),
    endTime: null,
    endReason: null,
    endedBy: null,
    endNote: null,
    ipAddress: null,
    userAgent: null,
    expiryVersion: 1,
    pendingExtension: null,
    card: null,
    ...overrides,
  };
}

describe('grantActivatedComment', () => {
  it('says who asked, who approved, where, as whom, the UTC window and the short code', () => {
    expect(grantActivatedComment(activeGrant())).toBe(
      [
        'Grantdesk: impersonation grant G-7K3M9Q is ACTIVE.',
        'Requested by: alice@corp.example (Slack U0REQ)',
        'Approved by: carol@corp.example at 2024-05-01T10:00:00Z',
        'Tenant: acme',
        'Acting as user: bob@acme.example',
        'Window (UTC): 2024-05-01T10:00:00Z – 2024-05-01T10:30:00Z (30m)',
        'Reason: Reproduce the invoice export failure',
      ].join('\n'),
    );
  });

  it('lists every approver and falls back to Slack ids where no email is known', () => {
    const text = grantActivatedComment(
      activeGrant({
        requesterEmail: null,
        targetUser: null,
        approvals: [
          { approverId: 'U0APP', approverEmail: 'carol@corp.example', approvedAt: minutes(-2) },
          { approverId: 'U0DAN', approverEmail: null, approvedAt: START },
        ],
      }),
    );

    expect(text).toContain('Requested by: Slack user U0REQ');
    expect(text).toContain('Approved by: carol@corp.example at 2024-05-01T09:58:00Z; U0DAN at 2024-05-01T10:00:00Z');
    expect(text).toContain('Acting as user: not specified');
  });

  it('keeps a typed reason on one line and defuses wiki links, images and macros', () => {
    const text = grantActivatedComment(
      activeGrant({
        reason: 'Fix it\nApproved by: ceo@corp.example [click|https://evil.example] !x.png! {html} a|b \\[',
      }),
    );

    expect(text.split('\n')).toHaveLength(7);
    expect(text.split('\n').at(-1)).toBe(
      'Reason: Fix it Approved by: ceo@corp.example \\[click\\|https://evil.example\\] \\!x.png\\! \\{html\\} a\\|b ＼\\[',
    );
  });
});

describe('grantExtendedComment', () => {
  it('gives the added time, the new expiry, the approvers and the reason', () => {
    const grant = activeGrant({ expiresAt: minutes(60), expiryVersion: 2 });

    expect(
      grantExtendedComment(grant, {
        approvedBy: ['carol@corp.example', 'U0DAN'],
        reason: 'Export still failing, need another run',
        durationMs: 30 * 60_000,
      }),
    ).toBe(
      [
        'Grantdesk: impersonation grant G-7K3M9Q on tenant acme was extended by 30m.',
        'New expiry (UTC): 2024-05-01T11:00:00Z',
        'Approved by: carol@corp.example, U0DAN',
        'Reason: Export still failing, need another run',
      ].join('\n'),
    );
  });
});

describe('grantEndedComment', () => {
  const actions: RecordedAction[] = [
    { action: 'Opened billing settings', recordedAt: minutes(3) },
    { action: 'Re-ran invoice export #4411', recordedAt: minutes(12) },
  ];

  it('gives the end reason, the note, the duration in minutes and each action with its time', () => {
    const grant = activeGrant({
      status: 'ENDED',
      endTime: minutes(17),
      endReason: 'NORMAL',
      endedBy: 'U0REQ',
      endNote: 'ended by requester',
    });

    expect(grantEndedComment(grant, actions)).toBe(
      [
        'Grantdesk: impersonation grant G-7K3M9Q on tenant acme has ENDED.',
        'End reason: NORMAL (ended by the requester or the support console)',
        'Note: ended by requester',
        'Window (UTC): 2024-05-01T10:00:00Z – 2024-05-01T10:17:00Z',
        'Duration: 17 minutes (17m)',
        'Actions recorded (2):',
        '- 2024-05-01T10:03:00Z Opened billing settings',
        '- 2024-05-01T10:12:00Z Re-ran invoice export #4411',
      ].join('\n'),
    );
  });

  it('explains a forced end with the revoke reason and lists actions oldest first', () => {
    const grant = activeGrant({
      status: 'ENDED',
      endTime: new Date(START.getTime() + 90_500),
      endReason: 'FORCED',
      endNote: 'Customer withdrew consent',
    });

    const text = grantEndedComment(grant, [...actions].reverse());

    expect(text).toContain('End reason: FORCED (revoked, or its ticket was closed)');
    expect(text).toContain('Note: Customer withdrew consent');
    expect(text).toContain('Duration: 2 minutes (1m30s)');
    expect(text.indexOf('Opened billing settings')).toBeLessThan(text.indexOf('Re-ran invoice export'));
  });

  it('says so when the session expired with no actions', () => {
    const grant = activeGrant({ status: 'ENDED', endTime: minutes(30), endReason: 'EXPIRED', endNote: 'expired' });

    const text = grantEndedComment(grant, []);

    expect(text).toContain('End reason: EXPIRED (its time ran out)');
    expect(text).toContain('Duration: 30 minutes (30m)');
    expect(text.split('\n').at(-1)).toBe('Actions recorded: none');
  });

  it('uses the singular for one minute', () => {
    const grant = activeGrant({ status: 'ENDED', endTime: minutes(1), endReason: 'NORMAL', endNote: null });

    expect(grantEndedComment(grant, [])).toContain('Note: none');
    expect(grantEndedComment(grant, [])).toContain('\nDuration: 1 minute (1m)\n');
  });

  it("cuts a long action list to fit Jira's comment limit and says how many were left out", () => {
    const grant = activeGrant({ status: 'ENDED', endTime: minutes(480), endReason: 'EXPIRED', endNote: 'expired' });
    const many = Array.from({ length: 500 }, (_, i) => ({
      action: `${i} ${'x'.repeat(190)}`,
      recordedAt: minutes(i % 480),
    }));

    const text = grantEndedComment(grant, many);

    expect(text.length).toBeLessThanOrEqual(JIRA_COMMENT_MAX_LENGTH);
    const listed = text.split('\n').filter((line) => line.startsWith('- ')).length;
    expect(listed).toBeGreaterThan(100);
    expect(listed).toBeLessThan(500);
    expect(text).toContain('Actions recorded (500):');
    expect(text.split('\n').at(-1)).toBe(
      `…and ${500 - listed} more, listed in the Grantdesk audit trail for G-7K3M9Q.`,
    );
  });
});
