import { describe, expect, it } from 'vitest';
import { approverMentions, mentionsOf } from '../../src/domain/approver-mentions.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';

const candidates = { userIds: ['U1', 'U2'], usergroup: { id: 'S1', members: ['U3', 'U4', 'UREQ'] } };
const allowing =
  (...ids: string[]) =>
  (id: string) =>
    ids.includes(id);

describe('approverMentions', () => {
  it('mentions the usergroup whole when every member but the requester may approve', () => {
    expect(approverMentions(candidates, allowing('U1', 'U3', 'U4'), 'UREQ')).toEqual({
      userIds: ['U1'],
      usergroupId: 'S1',
    });
  });

  it('mentions only the members who may approve when one may not', () => {
    expect(approverMentions(candidates, allowing('U2', 'U4', 'UREQ'), 'UREQ')).toEqual({
      userIds: ['U2', 'U4'],
      usergroupId: null,
    });
  });

  it('mentions nobody when the policy lets none of them approve', () => {
    expect(approverMentions(candidates, allowing(), 'UREQ')).toEqual({ userIds: [], usergroupId: null });
  });
});

describe('mentionsOf', () => {
  const event = (details: Record<string, unknown>) => ({ details }) as AuditEvent;
  it('reads what the event recorded, and nothing from an event recorded without it', () => {
    expect(mentionsOf(event({ mentioned: { userIds: ['U1'], usergroupId: 'S1' } }))).toEqual({
      userIds: ['U1'],
      usergroupId: 'S1',
    });
    expect(mentionsOf(event({ waitedMs: 1 }))).toBeUndefined();
    expect(mentionsOf(undefined)).toBeUndefined();
  });
});
