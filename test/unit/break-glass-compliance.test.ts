import { describe, expect, it } from 'vitest';
import { DEFAULT_ANOMALY_THRESHOLDS } from '../../src/domain/anomaly/anomaly-thresholds.ts';
import { unreviewedBreakGlass } from '../../src/domain/anomaly/rules/unreviewed-break-glass.ts';
import { digestMessage } from '../../src/slack/blocks/digest-message.ts';
import { blockErrors } from '../fakes/block-kit-rules.ts';
import { aScanGrant, at, DAY, HOUR, run } from '../support/anomaly-fixture.ts';
import { aDigest, HOSTILE } from '../support/digest-fixture.ts';

const textOf = (value: unknown) => JSON.stringify(value);

describe('the unreviewed break-glass rule', () => {
  // Started 25 hours before NOON: its review was due (24 hours on) an hour before NOON, inside the scanned day.
  const started = at(-25 * HOUR);
  const breakGlass = (reviewedAt: number | null) =>
    aScanGrant({ requestedAt: started, startTime: started, decidedAt: started, breakGlass: true, reviewedAt });

  it('finds a break-glass unreviewed when its review fell due, as HIGH', () => {
    const grant = breakGlass(null);
    expect(run(unreviewedBreakGlass, { grants: [grant] })).toEqual([
      expect.objectContaining({
        rule: 'unreviewed-break-glass',
        severity: 'HIGH',
        subject: grant.id,
        at: at(-HOUR),
        summary: expect.stringContaining('was not reviewed within 1d'),
      }),
    ]);
  });

  it('counts a review made after it fell due as late, and one made in time as done', () => {
    expect(run(unreviewedBreakGlass, { grants: [breakGlass(at(-30 * 60_000).getTime())] })).toHaveLength(1);
    expect(run(unreviewedBreakGlass, { grants: [breakGlass(at(-2 * HOUR).getTime())] })).toEqual([]);
  });

  it('leaves alone grants approved as usual, and break-glass whose review is not due yet', () => {
    expect(run(unreviewedBreakGlass, { grants: [aScanGrant({ requestedAt: started, startTime: started })] })).toEqual(
      [],
    );
    const recent = aScanGrant({ requestedAt: at(-HOUR), startTime: at(-HOUR), breakGlass: true, reviewedAt: null });
    expect(run(unreviewedBreakGlass, { grants: [recent] })).toEqual([]);
    const twoDays = {
      ...DEFAULT_ANOMALY_THRESHOLDS,
      unreviewedBreakGlass: { reviewWithinMs: 2 * DAY, severity: 'HIGH' as const },
    };
    expect(run(unreviewedBreakGlass, { grants: [breakGlass(null)] }, { thresholds: twoDays })).toEqual([]);
  });
});

describe('the digest’s break-glass section', () => {
  const review = (outcome: 'acknowledged' | 'flagged', note: string | null) => ({
    reviewerId: 'U0APPROVER1',
    reviewerEmail: null,
    outcome,
    note,
    reviewedAt: new Date('2026-10-21T10:00:00Z'),
  });
  const entry = (i: number, reviewed: ReturnType<typeof review> | null) => ({
    grantId: `g${i}`,
    shortCode: `G-BG000${i}`,
    requesterId: 'U0SAM',
    tenant: `acme ${HOSTILE}`,
    startTime: new Date('2026-10-20T10:00:00Z'),
    review: reviewed,
  });

  it('lists every break-glass with who reviewed it, how, and the note, escaped', () => {
    const message = digestMessage(
      aDigest({
        breakGlass: [
          entry(1, null),
          entry(2, review('acknowledged', null)),
          entry(3, review('flagged', `why ${HOSTILE}`)),
        ],
      }),
    );
    const text = textOf(message.blocks);
    expect(text).toContain('*Break-glass (3, 1 not reviewed)*');
    expect(text).toContain('G-BG0001 by <@U0SAM>');
    expect(text).toContain(':warning: *not reviewed*');
    expect(text).toContain(':white_check_mark: acknowledged by <@U0APPROVER1>');
    expect(text).toContain(':triangular_flag_on_post: flagged by <@U0APPROVER1> \\"why &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(blockErrors(message.blocks)).toEqual([]);
  });

  it('says when there was none, and stays within Block Kit limits with far too many', () => {
    expect(textOf(digestMessage(aDigest()).blocks)).toContain('*Break-glass*\\nNone this week.');
    const many = Array.from({ length: 45 }, (_, i) => entry(i, review('flagged', 'n'.repeat(500))));
    const message = digestMessage(aDigest({ breakGlass: many }));
    expect(blockErrors(message.blocks)).toEqual([]);
    expect(textOf(message.blocks)).toContain('… and 15 more: the audit trail has every GRANT_BREAK_GLASS.');
  });
});
