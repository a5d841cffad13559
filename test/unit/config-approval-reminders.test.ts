import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('APPROVAL_REMINDER, APPROVAL_ESCALATION and ESCALATION_CHANNEL_ID', () => {
  it('reminds after 15m by default and escalates only when asked to', () => {
    const config = loadConfig({});
    expect(config.grants.approvalReminderMs).toBe(15 * 60_000);
    expect(config.grants.approvalEscalationMs).toBeNull();
  });

  it('reads both durations and the channel', () => {
    const config = loadConfig({
      APPROVAL_REMINDER: '10m',
      APPROVAL_ESCALATION: '1h',
      ESCALATION_CHANNEL_ID: 'C0ESCALATE',
    });
    expect(config.grants.approvalReminderMs).toBe(10 * 60_000);
    expect(config.grants.approvalEscalationMs).toBe(3_600_000);
    expect(config.slack.escalationChannelId).toBe('C0ESCALATE');
  });

  it('refuses escalation without a channel, naming both variables', () => {
    expect(() => loadConfig({ APPROVAL_ESCALATION: '1h' })).toThrow(
      /ESCALATION_CHANNEL_ID: expected a Slack channel id like C0123ABCD to go with APPROVAL_ESCALATION/,
    );
  });

  it('refuses an escalation that would not come after the reminder, saying what it must exceed', () => {
    const env = { APPROVAL_REMINDER: '30m', ESCALATION_CHANNEL_ID: 'C0ESCALATE' };
    expect(() => loadConfig({ ...env, APPROVAL_ESCALATION: '30m' })).toThrow(
      /APPROVAL_ESCALATION: expected a duration longer than APPROVAL_REMINDER \(30m\), or unset for no escalation, got "30m"/,
    );
    expect(() => loadConfig({ ...env, APPROVAL_ESCALATION: '10m' })).toThrow(/APPROVAL_ESCALATION: expected/);
  });

  it('refuses malformed values, naming the variable', () => {
    expect(() => loadConfig({ APPROVAL_REMINDER: 'soon' })).toThrow(/APPROVAL_REMINDER: expected a duration/);
    expect(() => loadConfig({ APPROVAL_ESCALATION: '2h', ESCALATION_CHANNEL_ID: '#incidents' })).toThrow(
      /ESCALATION_CHANNEL_ID: expected a Slack channel id/,
    );
  });
});
