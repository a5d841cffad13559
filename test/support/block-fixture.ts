/** Grants whose user text is hostile or far too long, and readers of Block Kit output, shared by the block builder tests. */
import type { Button, KnownBlock } from '@slack/types';
import { expect } from 'vitest';
import type { Grant } from '../../src/domain/grant.ts';
import { APPROVER_ID, anActiveGrant, REQUESTER_ID } from './grant-fixture.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const NOW = new Date('2024-03-04T10:30:00Z');
export const BOUNDS = { minDurationMs: 5 * MINUTE, defaultDurationMs: 30 * MINUTE, maxDurationMs: 8 * HOUR };
export const HOSTILE = '<!channel> <@U123> <http://evil|bank>';

/** Every user-provided field of a grant set to text that would ping or mislead if not escaped. */
export function hostileGrant(overrides: Partial<Grant> = {}): Grant {
  const base = anActiveGrant();
  return {
    ...base,
    tenant: `acme ${HOSTILE}`,
    targetUser: `jane ${HOSTILE}`,
    reason: `Because ${HOSTILE}`,
    ticket: { ...base.ticket, summary: `Summary ${HOSTILE}`, status: `Open ${HOSTILE}`, key: 'OPS-123' },
    denyReason: `No ${HOSTILE}`,
    endNote: `Note ${HOSTILE}`,
    pendingExtension: {
      id: 'ext-1',
      durationMs: 30 * MINUTE,
      reason: `More ${HOSTILE}`,
      requestedBy: REQUESTER_ID,
      requestedAt: NOW,
      approvals: [],
    },
    ...overrides,
  };
}

/** Every way of writing far too much: long tenant, reason, summary, notes, extension reason. */
export function longGrant(overrides: Partial<Grant> = {}): Grant {
  const base = anActiveGrant();
  return {
    ...base,
    tenant: 't'.repeat(5000),
    targetUser: 'u'.repeat(5000),
    reason: '<'.repeat(5000),
    ticket: { ...base.ticket, summary: 's'.repeat(10_000), status: 'x'.repeat(500) },
    denyReason: '&'.repeat(5000),
    endNote: 'n'.repeat(5000),
    approvals: Array.from({ length: 40 }, (_, i) => ({
      approverId: `U0APPROVER${i}`,
      approverEmail: null,
      approvedAt: NOW,
    })),
    pendingExtension: {
      id: 'ext-1',
      durationMs: 30 * MINUTE,
      reason: '>'.repeat(5000),
      requestedBy: REQUESTER_ID,
      requestedAt: NOW,
      approvals: [],
    },
    ...overrides,
  };
}

export function expectEscaped(output: unknown): void {
  const json = JSON.stringify(output);
  expect(json).not.toContain('<!channel>');
  expect(json).not.toContain('<@U123>');
  expect(json).not.toContain('<http://evil');
  expect(json).toContain('&lt;!channel&gt;');
}

export function buttons(blocks: readonly KnownBlock[]): Button[] {
  return blocks.flatMap((block) => {
    if (block.type === 'actions') return block.elements.filter((e): e is Button => e.type === 'button');
    if (block.type === 'section' && block.accessory?.type === 'button') return [block.accessory];
    return [];
  });
}

export function allText(blocks: readonly KnownBlock[]): string {
  return JSON.stringify(blocks);
}

export const STATUSES: Partial<Grant>[] = [
  { status: 'PENDING' },
  { status: 'ACTIVE' },
  { status: 'DENIED', decidedBy: APPROVER_ID },
  { status: 'CANCELLED' },
  { status: 'LAPSED' },
  { status: 'ENDED', endReason: 'FORCED', endedBy: APPROVER_ID, endTime: NOW },
];
