/**
 * The whole demo on one machine with only Node: an embedded Postgres, a demo Jira, the Slack sandbox, and the real
 * Grantdesk (startGrantdesk, exactly as `serve` runs it) configured to use them. Grantdesk is started once everything
 * it talks to is listening (and the week is seeded, with --seed); then the support console, its client, is given a
 * token and attached to the sandbox. They stop in the reverse order.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../logger.ts';
import { DemoApp } from './demo-app.ts';
import { DEMO_BOT_TOKEN, DEMO_JIRA_PAT, demoConfig } from './demo-config.ts';
import { DemoJira } from './demo-jira.ts';
import { demoLogLines } from './demo-log-lines.ts';
import { DemoOperations } from './demo-operations.ts';
import { DemoPostgres } from './demo-postgres.ts';
import { DEMO_CHANNELS, DEMO_PEOPLE, DEMO_USERGROUPS } from './demo-workspace.ts';
import type { DemoAction } from './slack-sandbox/demo-action.ts';
import { SlackSandbox } from './slack-sandbox/slack-sandbox.ts';
import { SupportConsole } from './support-console/support-console.ts';

export interface DemoOptions {
  /** Where the demo keeps its database between runs (`.grantdesk/demo`). */
  directory: string;
  /** Start from an empty database. */
  fresh?: boolean;
  /** Seed last week once started. */
  seed?: boolean;
  /** Use Redis for the queues (REDIS_URL); otherwise BullMQ runs on the demo's Postgres. */
  redisUrl?: string | undefined;
  /** Grantdesk's own log level; warnings and errors only by default, so the terminal stays readable. */
  logLevel?: string;
  /** The sandbox's port (DEMO_PORT), or a free one when it is busy; a free one when left out or 0. */
  port?: number;
  /** GRANT_MIN_DURATION, used when shorter than the demo's 2 minutes. */
  minDurationMs?: number;
  say?: (line: string) => void;
}

export interface RunningDemo {
  /** The sandbox page. */
  url: string;
  /** The port asked for, when it was busy and the page is on another one. */
  busyPort: number | undefined;
  sandbox: SlackSandbox;
  jira: DemoJira;
  operations: DemoOperations;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
    closers.length = 0;
  };
  try {
    if (options.fresh) await rm(options.directory, { recursive: true, force: true });
    const postgres = await DemoPostgres.start({
      directory: options.directory,
      ...(options.say ? { say: options.say } : {}),
    });
    closers.push(() => postgres.stop());
    const jira = await DemoJira.start(DEMO_JIRA_PAT);
    closers.push(() => jira.close());

    // The toolbar's actions need the app's configuration, which needs the sandbox's URL: bound once both exist.
    let operations: DemoOperations | undefined;
    const notReady = () => (operations ? undefined : 'Grantdesk is still starting.');
    const demoActions: DemoAction[] = [
      {
        id: 'seed',
        label: 'Seed a week',
        description:
          "Plays last week's requests, decisions and sessions through Grantdesk, so the digest and anomaly alerts have content",
        run: () => (operations as DemoOperations).seedWeek(),
        disabledReason: notReady,
      },
      {
        id: 'digest',
        label: 'Run the digest now',
        description: "Posts last week's compliance digest to #compliance, as the Monday schedule does",
        run: () => (operations as DemoOperations).runDigest(),
        disabledReason: notReady,
      },
    ];
    const signingSecret = randomBytes(16).toString('hex');
    const sandbox = await SlackSandbox.start({
      signingSecret,
      botToken: DEMO_BOT_TOKEN,
      people: DEMO_PEOPLE,
      channels: DEMO_CHANNELS,
      usergroups: DEMO_USERGROUPS,
      demoActions,
      savePath: join(options.directory, 'slack-workspace.json'),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    closers.push(() => sandbox.close());

    const jiraWebhookSecret = randomBytes(32).toString('hex');
    const config = demoConfig({
      databaseUrl: postgres.url,
      slackApiUrl: sandbox.apiUrl,
      jiraUrl: jira.url,
      signingSecret,
      jiraWebhookSecret,
      redisUrl: options.redisUrl,
      minDurationMs: options.minDurationMs,
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    });
    // Plain lines, not JSON: this log is read by a person in a terminal.
    const logger = createLogger(
      config.logLevel,
      demoLogLines((line) => process.stderr.write(`${line}\n`)),
    );
    const app = new DemoApp(config, logger, sandbox);
    closers.push(() => app.stop());
    const ready = DemoOperations.open(config, logger, (work) => app.whileStopped(work));
    closers.push(() => ready.close());
    if (options.seed) {
      const seeded = await ready.seedWeek();
      options.say?.(seeded);
    }
    await app.start();
    jira.webhooks.connect(`${app.url}/webhooks/jira`, jiraWebhookSecret);
    const supportConsole = new SupportConsole({ grantdeskUrl: app.url, token: await ready.createConsoleToken() });
    closers.push(() => supportConsole.close());
    sandbox.attachConsole((request, response) => supportConsole.handle(request, response));
    operations = ready;
    return { url: sandbox.url, busyPort: sandbox.busyPort, sandbox, jira, operations: ready, close };
  } catch (error) {
    await close();
    throw error;
  }
}
