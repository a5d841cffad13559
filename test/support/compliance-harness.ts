/**
 * The digest and anomaly use cases on a suite's own database, posting through the real Slack adapter to the fake
 * Slack. The harness's ManualClock drives both the seeding and the use cases.
 */

import { type CompliancePorts, createComplianceServices } from '../../src/app/compliance-services.ts';
import type { ComplianceSettings } from '../../src/app/compliance-settings.ts';
import { DEFAULT_ANOMALY_THRESHOLDS } from '../../src/domain/anomaly/anomaly-thresholds.ts';
import { createLogger } from '../../src/logger.ts';
import { SlackCompliancePoster } from '../../src/slack/slack-compliance-poster.ts';
import { slackWebClient } from '../../src/slack/slack-web-client.ts';
import { randomIds } from '../../src/system-clock.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import { createHarness, type Harness } from './services-harness.ts';

export const COMPLIANCE_CHANNEL = 'C0COMPLIANCE';
export const AUDITORS = { userIds: ['U0AUDITOR1'], usergroupId: 'S0AUDITORS' };
export const BOT_TOKEN = 'xoxb-compliance-test';

export const complianceSettings: ComplianceSettings = {
  timeZone: 'Europe/Paris',
  businessHours: { days: [1, 2, 3, 4, 5], startMinute: 8 * 60, endMinute: 19 * 60 },
  maxDurationMs: 8 * 3_600_000,
  thresholds: DEFAULT_ANOMALY_THRESHOLDS,
  scanLookbackMs: 24 * 3_600_000,
  claimTimeoutMs: 10 * 60_000,
};

export interface ComplianceHarness extends Harness {
  slack: FakeSlack;
  /** Compliance services as one replica (`owner`) would build them. */
  replica(owner: string, overrides?: Partial<CompliancePorts>): ReturnType<typeof createComplianceServices>;
  close(): Promise<void>;
}

export async function createComplianceHarness(): Promise<ComplianceHarness> {
  const harness = await createHarness();
  const slack = await startFakeSlack();
  slack.addChannel(COMPLIANCE_CHANNEL);
  const client = slackWebClient({ botToken: BOT_TOKEN, apiUrl: slack.url, logger: createLogger('silent') });
  const poster = new SlackCompliancePoster(client, { channelId: COMPLIANCE_CHANNEL, auditors: AUDITORS });
  return {
    ...harness,
    slack,
    replica: (owner, overrides = {}) =>
      createComplianceServices({
        sequelize: harness.db.sequelize,
        poster,
        clock: harness.clock,
        ids: randomIds,
        settings: complianceSettings,
        owner,
        ...overrides,
      }),
    async close() {
      await slack.stop();
      await harness.db.drop();
    },
  };
}
