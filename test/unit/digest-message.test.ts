import { describe, expect, it } from 'vitest';
import { anomalyAlertMessage, auditorMentions } from '../../src/slack/blocks/anomaly-alert-message.ts';
import { digestMessage } from '../../src/slack/blocks/digest-message.ts';
import { blockErrors } from '../fakes/block-kit-rules.ts';
import { aDigest, aFinding, HOSTILE } from '../support/digest-fixture.ts';

const AUDITORS = { userIds: ['U0AUDITOR1', 'not-an-id'], usergroupId: 'S0AUDITORS' };
const textOf = (value: unknown) => JSON.stringify(value);

describe('digestMessage', () => {
  it('shows the week’s stats, trend, anomalies and chain head within Block Kit limits', () => {
    const message = digestMessage(aDigest());
    expect(blockErrors(message.blocks)).toEqual([]);
    const text = textOf(message.blocks);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Weekly access digest 2026-W43' } });
    for (const part of [
      '*Sessions*\\n42 (+20% vs 35 the week before)',
      '*Active now*\\n3',
      '*Average duration*\\n23m',
      '*Denials*\\n5',
      '*Lapses*\\n3',
      'Ended normally: 30',
      'Expired: 8',
      '1. <@U0ADA> (ada@example.test): 12',
      'Mon 19: 8',
      '2026-10 ',
      '*Anomalies (1)*',
      'Refused access',
      `seq \`1234\` · sha256 \`${'ab'.repeat(32)}`,
    ]) {
      expect(text).toContain(part);
    }
  });

  it('escapes every value that came from people, and mentions no one by accident', () => {
    const text = textOf(digestMessage(aDigest()));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<http://evil');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('stays within limits with many anomalies, listing ten and counting the rest', () => {
    const anomalies = Array.from({ length: 40 }, (_, i) => aFinding({ key: `k${i}`, summary: HOSTILE.repeat(100) }));
    const message = digestMessage(aDigest({ anomalies }));
    expect(blockErrors(message.blocks)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(message.blocks)).toContain('and 30 more');
  });

  it('says so when there was nothing to compare with, or the week is not over', () => {
    const text = textOf(digestMessage(aDigest({ previousWeekSessions: 0, partial: true, anomalies: [] })));
    expect(text).toContain('(0 the week before)');
    expect(text).toContain('Weekly access digest 2026-W43 (so far)');
    expect(text).toContain('None this week.');
  });
});

describe('anomalyAlertMessage', () => {
  it('mentions the auditors (users and user group) for HIGH findings, in blocks and in the notification text', () => {
    const message = anomalyAlertMessage([aFinding()], AUDITORS);
    expect(blockErrors(message.blocks)).toEqual([]);
    expect(auditorMentions(AUDITORS)).toBe('<@U0AUDITOR1> <!subteam^S0AUDITORS>');
    expect(message.text).toContain('<@U0AUDITOR1> <!subteam^S0AUDITORS>');
    expect(textOf(message.blocks)).toContain('<@U0AUDITOR1> <!subteam^S0AUDITORS> HIGH severity');
    expect(textOf(message.blocks)).not.toContain('not-an-id');
  });

  it('mentions no one for MEDIUM and LOW findings', () => {
    const message = anomalyAlertMessage([aFinding({ severity: 'MEDIUM' }), aFinding({ severity: 'LOW' })], AUDITORS);
    expect(textOf(message)).not.toContain('U0AUDITOR1');
    expect(textOf(message)).not.toContain('subteam');
  });

  it('shows the evidence, escaped', () => {
    const message = anomalyAlertMessage([aFinding()], AUDITORS);
    const text = textOf(message.blocks);
    expect(text).toContain('People: <@U0INTRUDER>');
    expect(text).toContain('Grants: `G-7K3M9Q`');
    expect(text).not.toContain('<!channel>');
    expect(textOf(message.text)).not.toContain('<!channel>');
  });

  it('stays within limits for a batch of ten with long evidence', () => {
    const people = Array.from({ length: 30 }, (_, i) => `U0PERSON${i}`);
    const many = aFinding({ evidence: { ...aFinding().evidence, people, tenants: people } });
    const message = anomalyAlertMessage(
      Array.from({ length: 10 }, () => many),
      AUDITORS,
    );
    expect(blockErrors(message.blocks)).toEqual([]);
    expect(textOf(message.blocks)).toContain('and 22 more');
  });
});
