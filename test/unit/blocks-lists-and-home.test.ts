import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { appHome } from '../../src/slack/blocks/app-home.ts';
import { grantList } from '../../src/slack/blocks/grant-list.ts';
import { helpMessage } from '../../src/slack/blocks/help-text.ts';
import { blockErrors, viewErrors } from '../fakes/block-kit-rules.ts';
import {
  allText,
  BOUNDS,
  buttons,
  expectEscaped,
  hostileGrant,
  longGrant,
  MINUTE,
  NOW,
  STATUSES,
} from '../support/block-fixture.ts';
import { aGrant, anActiveGrant } from '../support/grant-fixture.ts';

describe('grantList', () => {
  it('says so when there are none', () => {
    expect(allText(grantList([], NOW).blocks)).toContain('no grants');
  });

  it('lists grants newest first, with End now on active ones and Cancel on pending ones', () => {
    const older = aGrant({ id: '10000000-0000-4000-8000-000000000001', requestedAt: new Date('2024-03-01T00:00:00Z') });
    const active = anActiveGrant({ id: '20000000-0000-4000-8000-000000000002' });
    const list = grantList([older, active], NOW);
    const text = allText(list.blocks);
    expect(text.indexOf(active.shortCode)).toBeLessThan(text.indexOf(older.shortCode));
    expect(text).toContain('Pending approval');
    expect(text).toContain('Active');
    expect(buttons(list.blocks)).toMatchObject([
      { action_id: 'grant.end', value: active.id },
      { action_id: 'grant.cancel', value: older.id, confirm: expect.any(Object) },
    ]);
  });

  it('fits many grants in one message with an "and N more" line', () => {
    const grants = Array.from({ length: 80 }, (_, i) =>
      longGrant({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        requestedAt: new Date(NOW.getTime() - i * MINUTE),
      }),
    );
    const list = grantList(grants, NOW);
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    expect(allText(list.blocks)).toContain('and 32 more');
    expect(blockErrors(list.blocks)).toEqual([]);
  });

  it.each(STATUSES)('escapes user text (%o)', (overrides) => {
    expectEscaped(grantList([hostileGrant(overrides)], NOW));
  });
});

describe('helpMessage', () => {
  it('documents every /grant form with examples, escaped', () => {
    const help = helpMessage(BOUNDS);
    const text = allText(help.blocks);
    for (const form of [
      '`/grant`',
      '/grant &lt;tenant&gt;[:&lt;target-user&gt;] &lt;TICKET-KEY&gt;',
      '/grant list',
      '/grant end &lt;id&gt;',
      '/grant cancel &lt;id&gt;',
      '/grant revoke &lt;id&gt; &lt;reason…&gt;',
      '/grant extend &lt;id&gt; &lt;duration&gt; &lt;reason…&gt;',
      '/grant stats',
      '/grant audit [&lt;tenant&gt;] [&lt;since YYYY-MM-DD&gt;]',
      '/grant help',
    ]) {
      expect(text).toContain(form);
    }
    expect(text).toContain('/grant acme-corp:jane@acme.com OPS-123 30m');
    expect(text).toContain('from 5m to 8h, 30m when left out');
    expect(text).not.toMatch(/<(?!!date)[a-z]/);
    expect(blockErrors(help.blocks)).toEqual([]);
  });
});

describe('appHome', () => {
  it("shows the viewer's grants, the pending queue with decision buttons, and week stats", () => {
    const pending = aGrant({ id: '00000000-0000-4000-8000-000000000009', requesterId: 'U0SOMEONE' });
    const mine = anActiveGrant();
    const view = appHome({
      viewerGrants: [mine],
      pendingQueue: [pending],
      weekStats: { totalSessions: 12, activeSessions: 2, averageDurationMinutes: 23.6, denials: 1 },
      now: NOW,
    });
    expect(view.type).toBe('home');
    const text = allText(view.blocks as KnownBlock[]);
    expect(text).toContain('Waiting for approval (1)');
    expect(text).toContain('Your grants (1)');
    expect(text).toContain('*Average duration*\\n24m');
    expect(buttons(view.blocks as KnownBlock[])).toMatchObject([
      { action_id: 'grant.approve', value: pending.id },
      { action_id: 'grant.deny', value: pending.id },
      { action_id: 'grant.end', value: mine.id },
    ]);
    expect(viewErrors(view)).toEqual([]);
  });

  it('leaves out the queue and stats for viewers who are neither approver nor auditor', () => {
    const text = allText(appHome({ viewerGrants: [], now: NOW }).blocks as KnownBlock[]);
    expect(text).not.toContain('Waiting for approval');
    expect(text).not.toContain('This week');
  });

  it('fits within 100 blocks, showing the newest and how many more', () => {
    const many = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) =>
        longGrant({
          id: `${prefix}0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          status: 'PENDING',
          requestedAt: new Date(NOW.getTime() - i * MINUTE),
        }),
      );
    const view = appHome({
      viewerGrants: many('a', 200),
      pendingQueue: many('b', 100),
      weekStats: { totalSessions: 1, activeSessions: 0, averageDurationMinutes: 5, denials: 0 },
      requiredApprovals: 2,
      now: NOW,
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = allText(view.blocks as KnownBlock[]);
    expect(text).toMatch(/and \d+ more/);
    expect(text).toContain('b0000000-0000-4000-8000-000000000000'); // the newest pending request is shown
    expect(viewErrors(view)).toEqual([]);
  });

  it('escapes user text', () => {
    expectEscaped(
      appHome({ viewerGrants: [hostileGrant()], pendingQueue: [hostileGrant({ status: 'PENDING' })], now: NOW }),
    );
  });
});
