import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/domain/grant.ts';
import { aRequest, createHarness, type Harness, staff } from '../support/services-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ requiredApprovals: 2 });
});
afterAll(() => h.db.drop());

async function aCardedRequest(): Promise<Grant> {
  const { grant } = await h.services.requestGrant(aRequest());
  const card = { channelId: 'C0APPROVERS', messageTs: `1700000000.${Math.floor(Math.random() * 1e6)}` };
  await h.services.attachCard({ kind: 'grant', grantId: grant.id, card });
  return grant;
}

/** A promise and the function that settles it, to hold a writer inside its Slack call. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('approver card updates, one writer at a time', () => {
  it('shows a state once: the second writer for the same change finds it shown', async () => {
    const grant = await aCardedRequest();
    await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    const shown: number[] = [];
    const show = async (current: Grant) => {
      shown.push(current.approvals.length);
    };

    expect(await h.stores.approverCards.showOnce(grant.id, show)).toBe('shown');
    expect(await h.stores.approverCards.showOnce(grant.id, show)).toBe('already-shown');
    expect(shown).toEqual([1]);
  });

  it('says the card shows the current state only once shown, and no longer after the grant changes', async () => {
    const grant = await aCardedRequest();
    const cards = h.stores.approverCards;
    expect(await cards.showsCurrent(grant.id)).toBe(false);

    await cards.showOnce(grant.id, async () => undefined);
    expect(await cards.showsCurrent(grant.id)).toBe(true);

    await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    expect(await cards.showsCurrent(grant.id)).toBe(false);
    await expect(cards.showOnce(grant.id, async () => Promise.reject(new Error('Slack is down')))).rejects.toThrow();
    expect(await cards.showsCurrent(grant.id)).toBe(false);
    await cards.showOnce(grant.id, async () => undefined);
    expect(await cards.showsCurrent(grant.id)).toBe(true);
  });

  it('never leaves an older state on top: a writer that waited shows the newer state after the first', async () => {
    const grant = await aCardedRequest();
    await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') });
    const slack: { approvals: number; status: string }[] = [];
    const firstInSlack = gate();
    const slow = gate();

    // The first writer renders one approval, and is slow to hear back from Slack.
    const first = h.stores.approverCards.showOnce(grant.id, async (current) => {
      firstInSlack.open();
      await slow.opened;
      slack.push({ approvals: current.approvals.length, status: current.status });
    });
    await firstInSlack.opened;
    // Meanwhile the second approval commits, and its own writer starts.
    await h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER2') });
    const second = h.stores.approverCards.showOnce(grant.id, async (current) => {
      slack.push({ approvals: current.approvals.length, status: current.status });
    });
    // The second writer waits for the first's turn to end: the database, not timing, orders them.
    await expect
      .poll(async () => {
        const waiting = await h.db.adminQuery(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%approver_card_renders%'`,
        );
        return waiting.rows[0]?.n;
      })
      .toBe(1);
    slow.open();

    expect(await first).toBe('shown');
    expect(await second).toBe('shown');
    expect(slack).toEqual([
      { approvals: 1, status: 'PENDING' },
      { approvals: 2, status: 'ACTIVE' },
    ]);
    // And the notifier's job for the second approval, coming last, finds the card current.
    expect(
      await h.stores.approverCards.showOnce(grant.id, async () => {
        slack.push({ approvals: -1, status: '' });
      }),
    ).toBe('already-shown');
  });

  it('shows the state again after a failed Slack call, and leaves a grant without a card alone', async () => {
    const grant = await aCardedRequest();
    await expect(
      h.stores.approverCards.showOnce(grant.id, async () => {
        throw new Error('Slack is down');
      }),
    ).rejects.toThrow('Slack is down');
    expect(await h.stores.approverCards.showOnce(grant.id, async () => undefined)).toBe('shown');

    const { grant: uncarded } = await h.services.requestGrant(aRequest());
    expect(await h.stores.approverCards.showOnce(uncarded.id, async () => undefined)).toBe('no-card');
  });
});

describe('session rollups, applied as each transaction commits', () => {
  it('match a recount after concurrent transitions, and leave no pending change behind', async () => {
    const grants = await Promise.all(Array.from({ length: 6 }, () => h.services.requestGrant(aRequest())));
    await Promise.all(
      grants.flatMap(({ grant }) => [
        h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER1') }),
        h.services.approveGrant({ grantId: grant.id, approver: staff('UAPPROVER2') }),
      ]),
    );
    await Promise.all(
      grants.map(({ grant }) => h.services.endGrant({ grantId: grant.id, actor: staff('UREQUESTER') })),
    );

    const kept = await h.db.adminQuery(
      'SELECT tenant, dimension, bucket, sessions, ended_sessions, duration_ms FROM session_rollups WHERE sessions <> 0 ORDER BY 1, 2, 3',
    );
    await h.db.adminQuery('SELECT session_rollups_rebuild()');
    const recounted = await h.db.adminQuery(
      'SELECT tenant, dimension, bucket, sessions, ended_sessions, duration_ms FROM session_rollups WHERE sessions <> 0 ORDER BY 1, 2, 3',
    );
    expect(kept.rows.length).toBeGreaterThan(0);
    expect(kept.rows).toEqual(recounted.rows);
    expect((await h.db.adminQuery('SELECT count(*)::int AS n FROM session_rollup_changes')).rows[0]?.n).toBe(0);
  });
});
