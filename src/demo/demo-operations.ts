/**
 * The demo's two toolbar actions, "Seed a week" and "Run the digest now", built from the same adapters the app
 * uses (its Slack Web API client, access directory and compliance poster, its Jira tracker) on a connection of
 * their own. The seed differs only in its clock, which it sets to each moment of the past week, and it runs with
 * Grantdesk paused (DemoApp.whileStopped says why). Also provisions the support console's API token.
 */
import type { Sequelize } from 'sequelize';
import { complianceSettingsFrom, createComplianceServices } from '../app/compliance-services.ts';
import { createApiToken } from '../app/create-api-token.ts';
import { revokeApiToken } from '../app/revoke-api-token.ts';
import { createServices } from '../app/services.ts';
import type { Config } from '../config.ts';
import { createSequelize } from '../db/database.ts';
import { migrateUp } from '../db/migrator.ts';
import { SequelizeUnitOfWork } from '../db/unit-of-work.ts';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Actor } from '../domain/grant.ts';
import { JiraTicketTracker } from '../jira/jira-ticket-tracker.ts';
import type { Logger } from '../logger.ts';
import { ConfiguredGroupDirectory } from '../policy/configured-group-directory.ts';
import { loadAccessPolicy } from '../policy/load-access-policy.ts';
import { formatProblem } from '../policy/policy-folder.ts';
import { SlackAccessDirectory } from '../slack/slack-access-directory.ts';
import { SlackCompliancePoster } from '../slack/slack-compliance-poster.ts';
import { slackWebClient } from '../slack/slack-web-client.ts';
import { randomIds, systemClock } from '../system-clock.ts';
import { seedWeek } from './seed-week.ts';
import { SettableClock } from './settable-clock.ts';

/** Runs work with Grantdesk stopped (DemoApp.whileStopped). */
export type Pause = <T>(work: () => Promise<T>) => Promise<T>;

/** The support console's token, one live at a time: each start revokes the last run's and creates a new one. */
const CONSOLE_TOKEN_NAME = 'demo-support-console';
/** Who the trail says created and revoked it. */
const DEMO: Actor = { kind: 'system', id: 'demo' };

export class DemoOperations {
  private constructor(
    private readonly sequelize: Sequelize,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly pause: Pause,
  ) {}

  static open(config: Config, logger: Logger, pause: Pause): DemoOperations {
    return new DemoOperations(createSequelize(config.databaseUrl as string, logger, 4), config, logger, pause);
  }

  /** Plays last week through the use cases; the app's jobs then post its cards, DMs and threads to the sandbox. */
  seedWeek(): Promise<string> {
    return this.pause(() => this.seedWithAppStopped());
  }

  private async seedWithAppStopped(): Promise<string> {
    // Before Grantdesk first starts (`demo --seed`) the schema may not exist yet.
    await migrateUp(this.sequelize, this.logger);
    const clock = new SettableClock();
    const { config } = this;
    const client = this.slackClient();
    const access = new SlackAccessDirectory(client, config, config.slack.usergroupCacheMs, clock);
    // The week is played under the policy the app decides with, so every seeded request is one it would allow.
    const loaded = await loadAccessPolicy({
      policyDir: config.policy.dir,
      approverChannelId: config.slack.approverChannelId,
      ...config.grants,
    });
    if (!loaded.ok) throw new Error(`POLICY_DIR: ${loaded.problems.map(formatProblem).join('; ')}`);
    const services = createServices({
      sequelize: this.sequelize,
      tracker: new JiraTicketTracker({
        baseUrl: config.jira.baseUrl as string,
        ...(config.jira.auth?.kind === 'bearer' ? { pat: config.jira.auth.token } : {}),
        timeoutMs: config.jira.timeoutMs,
      }),
      access,
      accessPolicy: loaded.policy,
      groups: new ConfiguredGroupDirectory(access, access),
      roster: access,
      timeZone: config.digest.timezone,
      clock,
      ids: randomIds,
      policy: config.grants,
      ticketPolicy: { allowedProjects: config.jira.projects, requireOpen: config.jira.requireOpen },
    });
    const compliance = this.compliance(clock);
    const report = await seedWeek({
      services,
      pendingTtlMs: config.grants.pendingTtlMs,
      clock,
      timeZone: config.digest.timezone,
      scanAnomalies: () => compliance.scanAnomalies(),
    });
    if (report.alreadySeeded) return `${report.week} is already seeded: its requests are in #access-approvals.`;
    return `Seeded ${report.week}: ${report.requests} requests played through Grantdesk. Cards, DMs and alerts follow as its jobs run.`;
  }

  /**
   * The API token the demo's support console presents, as an operator makes one with `grantdesk token create`: the
   * middleware needs sessions:write (check, use, record actions, the stream) and the console lists sessions with
   * audit:read. A secret is shown only once, so the last run's token is revoked and a new one made.
   */
  async createConsoleToken(): Promise<string> {
    const deps = { unitOfWork: SequelizeUnitOfWork.on(this.sequelize, randomIds), clock: systemClock, ids: randomIds };
    try {
      await revokeApiToken(deps, { idOrName: CONSOLE_TOKEN_NAME, actor: DEMO });
    } catch (error) {
      // The first run has none to revoke.
      if (!(error instanceof GrantdeskError && error.code === ErrorCode.NotFound)) throw error;
    }
    const { secret } = await createApiToken(deps, {
      name: CONSOLE_TOKEN_NAME,
      scopes: ['sessions:write', 'audit:read'],
      tenant: null,
      expiresInMs: null,
      actor: DEMO,
    });
    return secret;
  }

  /** Posts the digest of the last complete week to #compliance, again if it was posted before. */
  async runDigest(): Promise<string> {
    const outcome = await this.compliance(systemClock).runDigest({ force: true });
    if (outcome.outcome !== 'posted') return `The digest for ${outcome.week} is being posted by another run.`;
    return `Posted the digest for ${outcome.week} to #compliance, with its chart and CSV in the thread.`;
  }

  async close(): Promise<void> {
    await this.sequelize.close();
  }

  private slackClient() {
    const { botToken, apiUrl } = this.config.slack;
    return slackWebClient({ botToken: botToken as string, apiUrl, logger: this.logger });
  }

  private compliance(clock: { now(): Date }) {
    const { config } = this;
    return createComplianceServices({
      sequelize: this.sequelize,
      poster: new SlackCompliancePoster(this.slackClient(), {
        channelId: config.slack.complianceChannelId as string,
        auditors: config.auditors,
      }),
      clock,
      ids: randomIds,
      settings: complianceSettingsFrom(config),
    });
  }
}
