import { describe, expect, it } from 'vitest';
import { concentratedApproval } from '../../src/domain/anomaly/rules/concentrated-approval.ts';
import { rubberStampApprovals } from '../../src/domain/anomaly/rules/rubber-stamp-approvals.ts';
import { aScanGrant, HOUR, MINUTE, NOON, run, SECOND } from '../support/anomaly-fixture.ts';

const approvedAfter = (ms: number, approverId = 'U0APPROVER1') => {
  const requestedAt = new Date(NOON.getTime() - ms);
  return aScanGrant({ requestedAt, startTime: NOON, approvals: [{ approverId, approvedAt: NOON }] });
};

describe('rubber-stamp approvals: approved less than 10 s after the request', () => {
  it('flags 9.9 s, naming the approver', () => {
    const [finding] = run(rubberStampApprovals, { grants: [approvedAfter(9_900)] });
    expect(finding).toMatchObject({
      rule: 'rubber-stamp-approval',
      severity: 'MEDIUM',
      evidence: { people: ['U0APPROVER1', 'U0REQUESTER'], counts: { reviewSeconds: 9.9 } },
    });
  });

  it('does not flag 10 s', () => {
    expect(run(rubberStampApprovals, { grants: [approvedAfter(10 * SECOND)] })).toEqual([]);
  });

  it('judges each approval of a grant that needs two', () => {
    const grant = approvedAfter(5 * SECOND);
    grant.approvals.push({ approverId: 'U0APPROVER2', approvedAt: NOON.getTime() - 5 * SECOND + 5 * MINUTE });
    const findings = run(rubberStampApprovals, { grants: [grant] }, { to: new Date(NOON.getTime() + HOUR) });
    expect(findings.map((f) => f.evidence.people[0])).toEqual(['U0APPROVER1']);
  });
});

/** A requester's grants, approved by `approvers` in order, an hour apart, the last at NOON. */
function approvedBy(approvers: string[]) {
  return approvers.map((approverId, i) => {
    const approvedAt = new Date(NOON.getTime() - (approvers.length - 1 - i) * HOUR);
    return aScanGrant({
      requestedAt: new Date(approvedAt.getTime() - 5 * MINUTE),
      startTime: approvedAt,
      approvals: [{ approverId, approvedAt }],
    });
  });
}
const times = (n: number, id: string) => Array.from({ length: n }, () => id);

describe('concentrated approval: one approver gave more than 80% of a requester approvals, at least 5', () => {
  it('says nothing of 4 out of 4: too few to judge', () => {
    expect(run(concentratedApproval, { grants: approvedBy(times(4, 'U0FRIEND')) })).toEqual([]);
  });

  it('flags 5 out of 5', () => {
    const [finding] = run(concentratedApproval, { grants: approvedBy(times(5, 'U0FRIEND')) });
    expect(finding).toMatchObject({
      rule: 'concentrated-approval',
      subject: 'U0REQUESTER',
      evidence: { people: ['U0REQUESTER', 'U0FRIEND'], counts: { approvals: 5, byApprover: 5, sharePercent: 100 } },
    });
    expect(finding?.evidence.grants).toHaveLength(5);
  });

  it('does not flag exactly 80% (8 of 10), flags 9 of 11', () => {
    const eightOfTen = [...times(4, 'U0FRIEND'), 'U0OTHER', 'U0OTHER2', ...times(4, 'U0FRIEND')];
    expect(run(concentratedApproval, { grants: approvedBy(eightOfTen) })).toEqual([]);
    const nineOfEleven = [...times(5, 'U0FRIEND'), 'U0OTHER', 'U0OTHER2', ...times(4, 'U0FRIEND')];
    const [finding] = run(concentratedApproval, { grants: approvedBy(nineOfEleven) });
    expect(finding?.evidence.counts).toEqual({ approvals: 11, byApprover: 9, sharePercent: 82 });
  });

  it('does not flag 5 out of 7', () => {
    expect(run(concentratedApproval, { grants: approvedBy(['U0A', 'U0B', ...times(5, 'U0FRIEND')]) })).toEqual([]);
  });
});
