import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventDraft } from '../../src/domain/audit-event.ts';
import { approveExtension, requestExtension } from '../../src/domain/extension.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { openGrant } from '../../src/domain/grant-request.ts';
import { recordAction, recordUse } from '../../src/domain/session-use.ts';
import { sideEffectsOf } from '../../src/domain/side-effects.ts';
import { approve, end, expire } from '../../src/domain/transitions.ts';
import {
  APPROVED_AT,
  activeGrant,
  appliedOf,
  approverA,
  consoleClient,
  GRANT_ID,
  HOUR,
  MINUTE,
  pendingGrant,
  plus,
  policy,
  REQUESTED_AT,
  refusedOf,
  requester,
  ticket,
  twoApprovals,
} from '../support/domain-fixture.ts';

/** The drafts as the audit store returns them: numbered, with ids ev-1, ev-2, … */
function stored(drafts: AuditEventDraft[]): AuditEvent[] {
  return drafts.map((draft, i) => ({
    ...draft,
    id: `ev-${i + 1}`,
    seq: i + 1,
    prevHash: '0'.repeat(64),
    hash: `h${i}`,
  }));
}

const notify = (eventId: string, type: string) => ({
  topic: 'notify',
  key: `notify:${eventId}`,
  payload: { grantId: GRANT_ID, eventId, type },
});
const jiraComment = (eventId: string, type: string) => ({
  topic: 'jira-comment',
  key: `jira:${eventId}`,
  payload: { grantId: GRANT_ID, eventId, type },
});

describe('sideEffectsOf', () => {
  it('on request: notifies and schedules the lapse at requestedAt + PENDING_TTL', () => {
    const { grant, events } = openGrant(
      GRANT_ID,
      {
        requesterId: requester.id,
        requesterEmail: null,
        tenant: 'acme',
        targetUser: null,
        reason: 'Reproduce the invoice export failure',
        durationMs: 30 * MINUTE,
      },
      ticket,
      REQUESTED_AT,
    );
    expect(sideEffectsOf(undefined, grant, stored(events), policy)).toEqual([
      notify('ev-1', 'GRANT_REQUESTED'),
      {
        topic: 'schedule',
        key: `lapse:${GRANT_ID}`,
        payload: { job: 'lapse', grantId: GRANT_ID, runAt: '2026-11-02T14:00:00.000Z' },
      },
    ]);
  });

  it('on activation: notifies both events, comments the start on Jira, schedules expiry and warning for version 1', () => {
    const before = pendingGrant();
    const { grant, events } = appliedOf(
      approve(before, { approver: approverA, isApprover: true, at: APPROVED_AT, policy }),
    );
    expect(sideEffectsOf(before, grant, stored(events), policy)).toEqual([
      notify('ev-1', 'GRANT_APPROVAL_ADDED'),
      notify('ev-2', 'IMPERSONATION_START'),
      jiraComment('ev-2', 'IMPERSONATION_START'),
      {
        topic: 'schedule',
        key: `expire:${GRANT_ID}:1`,
        payload: { job: 'expire', grantId: GRANT_ID, version: 1, runAt: '2026-11-02T10:40:00.000Z' },
      },
      {
        topic: 'schedule',
        key: `warn:${GRANT_ID}:1`,
        payload: { job: 'warn', grantId: GRANT_ID, version: 1, runAt: '2026-11-02T10:35:00.000Z' },
      },
    ]);
  });

  it('on a first approval that does not activate: notifies only, and does not schedule the lapse again', () => {
    const before = pendingGrant();
    const { grant, events } = appliedOf(
      approve(before, { approver: approverA, isApprover: true, at: APPROVED_AT, policy: twoApprovals }),
    );
    expect(sideEffectsOf(before, grant, stored(events), twoApprovals)).toEqual([
      notify('ev-1', 'GRANT_APPROVAL_ADDED'),
    ]);
  });

  it('on an extension request: notifies only, the expiry is unchanged', () => {
    const before = activeGrant();
    const { grant, events } = appliedOf(
      requestExtension(before, {
        extensionId: 'ext-1',
        actor: requester,
        durationMs: HOUR,
        reason: 'Export still failing after the fix',
        at: plus(APPROVED_AT, 20 * MINUTE),
        maxDurationMs: policy.maxDurationMs,
      }),
    );
    expect(sideEffectsOf(before, grant, stored(events), policy)).toEqual([notify('ev-1', 'GRANT_EXTENSION_REQUESTED')]);
  });

  it('on an approved extension: comments on Jira and schedules expiry and warning under the new version', () => {
    const before = appliedOf(
      requestExtension(activeGrant(), {
        extensionId: 'ext-1',
        actor: requester,
        durationMs: HOUR,
        reason: 'Export still failing after the fix',
        at: plus(APPROVED_AT, 20 * MINUTE),
        maxDurationMs: policy.maxDurationMs,
      }),
    ).grant;
    const { grant, events } = appliedOf(
      approveExtension(before, { approver: approverA, isApprover: true, at: plus(APPROVED_AT, 25 * MINUTE), policy }),
    );
    expect(sideEffectsOf(before, grant, stored(events), policy)).toEqual([
      notify('ev-1', 'GRANT_EXTENDED'),
      jiraComment('ev-1', 'GRANT_EXTENDED'),
      {
        topic: 'schedule',
        key: `expire:${GRANT_ID}:2`,
        payload: { job: 'expire', grantId: GRANT_ID, version: 2, runAt: '2026-11-02T11:40:00.000Z' },
      },
      {
        topic: 'schedule',
        key: `warn:${GRANT_ID}:2`,
        payload: { job: 'warn', grantId: GRANT_ID, version: 2, runAt: '2026-11-02T11:35:00.000Z' },
      },
    ]);
  });

  it('on end: notifies and comments on Jira, schedules nothing', () => {
    const before = activeGrant();
    const { grant, events } = appliedOf(end(before, { actor: requester, at: plus(APPROVED_AT, 10 * MINUTE) }));
    expect(sideEffectsOf(before, grant, stored(events), policy)).toEqual([
      notify('ev-1', 'IMPERSONATION_END'),
      jiraComment('ev-1', 'IMPERSONATION_END'),
    ]);
  });

  it('on expiry: the same as an end', () => {
    const before = activeGrant();
    const { grant, events } = appliedOf(expire(before, { at: plus(APPROVED_AT, 30 * MINUTE), version: 1 }));
    expect(sideEffectsOf(before, grant, stored(events), policy)).toEqual([
      notify('ev-1', 'IMPERSONATION_END'),
      jiraComment('ev-1', 'IMPERSONATION_END'),
    ]);
  });

  it('on a use: nothing (the console reports uses often)', () => {
    const before = activeGrant();
    const { grant, events } = appliedOf(
      recordUse(before, {
        actor: consoleClient,
        at: plus(APPROVED_AT, MINUTE),
        ipAddress: '203.0.113.7',
        userAgent: 'x',
      }),
    );
    expect(sideEffectsOf(before, grant, stored(events), policy)).toEqual([]);
  });

  it('on an action: notifies without a Jira comment', () => {
    const before = activeGrant();
    const { grant, events } = appliedOf(
      recordAction(before, { actor: consoleClient, at: plus(APPROVED_AT, MINUTE), action: 'Reissued invoice INV-42' }),
    );
    expect(sideEffectsOf(before, grant, stored(events), policy)).toEqual([notify('ev-1', 'IMPERSONATION_ACTION')]);
  });

  it('on a refused access: notifies without a Jira comment or schedule', () => {
    const grant = activeGrant();
    const { events } = refusedOf(
      recordUse(grant, { actor: consoleClient, at: plus(APPROVED_AT, HOUR), ipAddress: null, userAgent: null }),
    );
    expect(sideEffectsOf(grant, grant, stored(events), policy)).toEqual([notify('ev-1', 'ACCESS_REFUSED')]);
  });

  describe('the expiry warning', () => {
    const activate = (durationMs: number): { before: Grant; grant: Grant; events: AuditEvent[] } => {
      const before = pendingGrant({ requestedDurationMs: durationMs });
      const { grant, events } = appliedOf(
        approve(before, { approver: approverA, isApprover: true, at: APPROVED_AT, policy }),
      );
      return { before, grant, events: stored(events) };
    };
    const scheduled = (durationMs: number) => {
      const { before, grant, events } = activate(durationMs);
      return sideEffectsOf(before, grant, events, policy).filter((m) => m.topic === 'schedule');
    };

    it('is not scheduled when it would fall on the start (a 5-minute grant with a 5-minute warning)', () => {
      expect(scheduled(5 * MINUTE).map((m) => m.key)).toEqual([`expire:${GRANT_ID}:1`]);
    });

    it('is not scheduled when it would fall before the start', () => {
      const longWarning = { ...policy, expiryWarningMs: HOUR };
      const { before, grant, events } = activate(30 * MINUTE);
      const keys = sideEffectsOf(before, grant, events, longWarning).map((m) => m.key);
      expect(keys).toContain(`expire:${GRANT_ID}:1`);
      expect(keys.some((k) => k.startsWith('warn:'))).toBe(false);
    });

    it('is scheduled as soon as it falls after the start (a 6-minute grant warns one minute in)', () => {
      expect(scheduled(6 * MINUTE)).toEqual([
        {
          topic: 'schedule',
          key: `expire:${GRANT_ID}:1`,
          payload: { job: 'expire', grantId: GRANT_ID, version: 1, runAt: '2026-11-02T10:16:00.000Z' },
        },
        {
          topic: 'schedule',
          key: `warn:${GRANT_ID}:1`,
          payload: { job: 'warn', grantId: GRANT_ID, version: 1, runAt: '2026-11-02T10:11:00.000Z' },
        },
      ]);
    });
  });
});
