import { describe, expect, it } from 'vitest';
import { ticketReuse } from '../../src/domain/anomaly/rules/ticket-reuse.ts';
import { aScanGrant, DAY, HOUR, NOON, run } from '../support/anomaly-fixture.ts';

const onTenants = (tenants: string[], spacingMs = HOUR) =>
  tenants.map((tenant, i) =>
    aScanGrant({
      tenant,
      ticketKey: 'OPS-7',
      requestedAt: new Date(NOON.getTime() - (tenants.length - 1 - i) * spacingMs),
    }),
  );

describe('ticket reuse: one ticket across more than 2 tenants or more than 5 grants', () => {
  it('says nothing of 2 tenants and 5 grants', () => {
    expect(run(ticketReuse, { grants: onTenants(['a', 'b', 'a', 'b', 'a']) })).toEqual([]);
  });

  it('flags a third tenant', () => {
    const [finding] = run(ticketReuse, { grants: onTenants(['a', 'b', 'c']) });
    expect(finding).toMatchObject({
      rule: 'ticket-reuse',
      subject: 'OPS-7',
      period: '2026-W45',
      key: 'ticket-reuse:OPS-7:2026-W45',
      evidence: { tenants: ['a', 'b', 'c'], counts: { grants: 3, tenants: 3 }, facts: { ticket: 'OPS-7' } },
    });
  });

  it('flags a sixth grant on one tenant', () => {
    expect(run(ticketReuse, { grants: onTenants(['a', 'a', 'a', 'a', 'a', 'a']) })).toHaveLength(1);
  });

  it('matches ticket keys whatever their case', () => {
    const grants = onTenants(['a', 'b', 'c']);
    grants[0]!.ticketKey = 'ops-7';
    expect(run(ticketReuse, { grants })).toHaveLength(1);
  });

  it('looks 7 days back, no further', () => {
    expect(run(ticketReuse, { grants: onTenants(['a', 'b', 'c'], 3.4 * DAY) })).toHaveLength(1);
    expect(run(ticketReuse, { grants: onTenants(['a', 'b', 'c'], 3.6 * DAY) })).toEqual([]);
  });
});
