import type { Grant } from '../../src/domain/grant.ts';
import { openGrant } from '../../src/domain/grant-request.ts';

export const REQUESTER_ID = 'U0REQUESTER';
export const APPROVER_ID = 'U0APPROVER1';
export const SECOND_APPROVER_ID = 'U0APPROVER2';

const DEFAULT_ID = '3f2b8c1e-9d4a-4e5b-8c7d-1a2b3c4d5e6f';

/**
 * A PENDING grant as just requested: acme-corp as jane@acme.com on OPS-123 for 30 minutes, requested at
 * 2024-03-04T10:00:00Z. Overrides replace fields; a new `id` without a `shortCode` gets the matching code.
 */
export function aGrant(overrides: Partial<Grant> = {}): Grant {
  const id = overrides.id ?? DEFAULT_ID;
  const { grant } = openGrant(
    id,
    {
      requesterId: REQUESTER_ID,
      requesterEmail: 'requester@example.com',
      tenant: 'acme-corp',
      targetUser: 'jane@acme.com',
      reason: 'Customer cannot export invoices; reproducing the bug as their admin.',
      durationMs: 30 * 60_000,
    },
    {
      key: 'OPS-123',
      summary: 'Invoice export fails for Acme',
      status: 'In Progress',
      statusCategory: 'indeterminate',
      assignee: 'Sam Support',
      url: 'https://acme.atlassian.net/browse/OPS-123',
    },
    new Date('2024-03-04T10:00:00Z'),
  );
  return { ...grant, ...overrides };
}

/** The same grant approved by one approver at 10:05, running until 10:35. */
export function anActiveGrant(overrides: Partial<Grant> = {}): Grant {
  const approvedAt = new Date('2024-03-04T10:05:00Z');
  return aGrant({
    status: 'ACTIVE',
    approvals: [{ approverId: APPROVER_ID, approverEmail: 'approver@example.com', approvedAt }],
    decidedAt: approvedAt,
    decidedBy: APPROVER_ID,
    startTime: approvedAt,
    expiresAt: new Date(approvedAt.getTime() + 30 * 60_000),
    expiryVersion: 1,
    ...overrides,
  });
}
