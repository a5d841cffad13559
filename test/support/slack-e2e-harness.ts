/**
 * The whole app as `grantdesk serve` runs it (startGrantdesk, configured with loadConfig from an environment), over
 * real HTTP, on a database of its own and a queue namespace of its own (Redis where one answers, else BullMQ's
 * Postgres backend), talking to the protocol-level fakes of Slack and Jira. Tests act as Slack does: signed,
 * form-encoded slash commands and `payload=` interactions, with trigger ids and response_urls the fake issued.
 */

import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createStores, type Stores } from '../../src/db/stores.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { createLogger } from '../../src/logger.ts';
import { startGrantdesk } from '../../src/main.ts';
import { randomIds } from '../../src/system-clock.ts';
import type { RunningGrantdesk } from '../../src/wiring/running-grantdesk.ts';
import { WAIT_LIMIT_MS } from '../fakes/change-signal.ts';
import { DEFAULT_CREDENTIALS, type FakeJira, startFakeJira } from '../fakes/fake-jira.ts';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import { AppLogTail } from './app-log-tail.ts';
import { deleteKeysUnder } from './delete-keys-under.ts';
import {
  blockActionsBody,
  type PostOptions,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from './slack-request.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const SIGNING_SECRET = 'e2e-signing-secret';
export const APPROVER_CHANNEL = 'C0APPROVERS';
export const REQUESTER = 'U0REQUESTER';
/** In APPROVER_USER_IDS. */
export const APPROVER = 'U0APPROVER1';
/** In the approver user group only: membership comes from usergroups.users.list. */
export const GROUP_APPROVER = 'U0APPROVER2';
export const APPROVER_GROUP = 'S0APPROVERS';
export const AUDITOR = 'U0AUDITOR1';
export const OUTSIDER = 'U0OUTSIDER';
/** A ticket that exists, in progress. */
export const TICKET = 'OPS-123';
/** A ticket that exists, closed. */
export const CLOSED_TICKET = 'OPS-9';

export interface SentCommand {
  response: Response;
  /** The acknowledgement's body (Slack shows it to the person who typed the command). */
  ack: { text?: string; blocks?: unknown[] } | null;
  responseUrl: string;
  triggerId: string;
}

export interface Where {
  /** A message the button is in (channel card, DM); a response_url is issued for it. */
  message?: FakeMessage;
  /** Or the Home tab of the clicker. */
  home?: boolean;
  /** Or a modal the clicker has open. */
  modal?: { id: string };
}

export interface SlackE2E {
  fake: FakeSlack;
  jira: FakeJira;
  db: TestDatabase;
  /** Stores on the test database, for reading state back in assertions. */
  stores: Stores;
  running: RunningGrantdesk;
  /** Where the app's queues are (REDIS_URL, or null for the Postgres backend, and BULLMQ_PREFIX), to read jobs back. */
  queues: { redisUrl: string | null; databaseUrl: string; prefix: string };
  appUrl: string;
  post(body: string, options?: PostOptions): Promise<Response>;
  command(userId: string, text: string, options?: PostOptions & { triggerId?: string }): Promise<SentCommand>;
  /** What the app posted to a response_url, waiting for at least `count` posts. */
  responses(url: string, count?: number): Promise<Record<string, unknown>[]>;
  click(userId: string, actionId: string, value: string, where?: Where, options?: PostOptions): Promise<ClickSent>;
  submit(
    userId: string,
    view: { id: string; callback_id: string; private_metadata?: string },
    values: Record<string, Record<string, unknown>>,
    options?: PostOptions,
  ): Promise<Response>;
  /** The approver card of a grant (by short code), as it is now. */
  card(shortCode: string): FakeMessage | undefined;
  /** Waits for the app to update an open modal (views.update) to one that shows `text`, and returns that view. */
  updatedView(viewId: string, text: string): Promise<{ callback_id: string; blocks: unknown[] }>;
  dms(userId: string): FakeMessage[];
  grant(shortCode: string): Promise<Grant>;
  close(): Promise<void>;
}

export interface ClickSent {
  response: Response;
  responseUrl: string;
  triggerId: string;
}

let needsMade = 0;

/**
 * `<tenant>:user-N@acme.test`, a tenant and a user of its own on each call, for a request's first token: Grantdesk
 * refuses a second request for a need the requester already has open, so requests that are not about that each ask
 * for a need of their own.
 */
export function aNeed(tenant = 'acme-corp'): string {
  needsMade += 1;
  return `${tenant}:user-${needsMade}@acme.test`;
}

/**
 * Polls an async condition (the database) until it holds; fake.waitFor is for what the fake recorded. The limit is
 * a safety net below the test's own time-out, not a bound on how fast the app must be.
 */
export async function until<T>(
  condition: () => Promise<T | undefined | null | false>,
  timeoutMs = WAIT_LIMIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await condition();
    if (result) return result;
    if (Date.now() >= deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every text of a message or view, blocks included, for `toContain` assertions. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(textOf).join('\n');
  return '';
}

/** The value of the button with this action id in a message or view, if any. */
export function buttonValue(container: { blocks: unknown[] } | undefined, actionId: string): string | undefined {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'button' && record.action_id === actionId && typeof record.value === 'string') {
        found.push(record.value);
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(container?.blocks);
  return found[0];
}

export async function startSlackE2E(env: Record<string, string> = {}): Promise<SlackE2E> {
  const fake = await startFakeSlack();
  fake.addChannel(APPROVER_CHANNEL);
  for (const id of [REQUESTER, APPROVER, GROUP_APPROVER, AUDITOR, OUTSIDER]) {
    fake.addUser({ id, name: id.toLowerCase(), email: `${id.toLowerCase()}@example.test` });
  }
  fake.setUsergroup(APPROVER_GROUP, [GROUP_APPROVER]);
  const jira = await startFakeJira();
  jira.addIssue({
    key: TICKET,
    summary: 'Invoice export fails',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Sam',
  });
  jira.addIssue({ key: CLOSED_TICKET, summary: 'Old thing', status: 'Done', statusCategory: 'done', assignee: null });
  const db = await createTestDatabase();
  // E2E_QUEUE_BACKEND=postgres runs the suite on BullMQ's Postgres backend even where Redis answers.
  const redisUrl = process.env.E2E_QUEUE_BACKEND === 'postgres' ? null : inject('redisUrl');
  const prefix = `gdslack-${randomBytes(5).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: db.url,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    BULLMQ_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'debug',
    SLACK_BOT_TOKEN: 'xoxb-e2e-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    APPROVER_CHANNEL_ID: APPROVER_CHANNEL,
    APPROVER_USER_IDS: APPROVER,
    APPROVER_USERGROUP_ID: APPROVER_GROUP,
    AUDITOR_USER_IDS: AUDITOR,
    JIRA_BASE_URL: jira.url,
    JIRA_EMAIL: DEFAULT_CREDENTIALS.email,
    JIRA_API_TOKEN: DEFAULT_CREDENTIALS.apiToken,
    // A ceiling for a fake on loopback, not a test of Jira's speed: at 1 s a busy machine turned slow answers into
    // "Jira did not answer". Jira being down is tested with held answers and scripted failures.
    JIRA_TIMEOUT: '20s',
    GRANT_MIN_DURATION: '1s',
    RECONCILE_INTERVAL: '1s',
    ...env,
  });
  // Logs are kept, not printed, unless E2E_LOG_LEVEL asks for them: a failing test prints the tail.
  const logs = new AppLogTail(`the app on ${db.url}`, process.env.E2E_LOG_LEVEL !== undefined);
  const running = await startGrantdesk(config, createLogger(config.logLevel, logs), { http: true, workers: true });
  const appUrl = `http://127.0.0.1:${running.port}`;
  const stores = createStores(db.sequelize, randomIds);
  const post = (body: string, options?: PostOptions) => postToSlackEndpoint(appUrl, body, SIGNING_SECRET, options);

  return {
    fake,
    jira,
    db,
    stores,
    running,
    queues: { redisUrl, databaseUrl: db.url, prefix },
    appUrl,
    post,
    async command(userId, text, options = {}) {
      const triggerId = options.triggerId ?? fake.issueTriggerId(userId);
      const responseUrl = fake.issueResponseUrl();
      const body = slashCommandBody({
        user_id: userId,
        text,
        trigger_id: triggerId,
        response_url: responseUrl,
        channel_id: APPROVER_CHANNEL,
      });
      const response = await post(body, options);
      const raw = await response.text();
      return { response, ack: raw ? JSON.parse(raw) : null, responseUrl, triggerId };
    },
    async responses(url, count = 1) {
      await fake.waitFor(() => fake.responses(url).length >= count);
      return fake.responses(url).map((r) => r.body);
    },
    async click(userId, actionId, value, where = {}, options = {}) {
      const triggerId = fake.issueTriggerId(userId);
      const responseUrl = fake.issueResponseUrl();
      const message = where.message;
      const body = blockActionsBody({
        user: { id: userId },
        actions: [{ action_id: actionId, value }],
        trigger_id: triggerId,
        response_url: responseUrl,
        ...(where.home ? { view: { id: fake.homeView(userId)?.id ?? 'VHOME', type: 'home' as const } } : {}),
        ...(where.modal ? { view: { id: where.modal.id, type: 'modal' as const } } : {}),
        // As Slack sends it: a message with replies carries its thread_ts and reply_count.
        ...(message
          ? {
              message: {
                channel: message.channel,
                ts: message.ts,
                blocks: message.blocks,
                ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
                ...(message.reply_count ? { reply_count: message.reply_count } : {}),
              },
            }
          : {}),
      });
      return { response: await post(body, options), responseUrl, triggerId };
    },
    submit(userId, view, values, options) {
      return post(
        viewSubmissionBody({
          user: { id: userId },
          view: {
            id: view.id,
            callback_id: view.callback_id,
            ...(view.private_metadata !== undefined ? { private_metadata: view.private_metadata } : {}),
            values,
          },
        }),
        options,
      );
    },
    card(shortCode) {
      return fake.topLevelMessages(APPROVER_CHANNEL).find((m) => m.text.startsWith(`Access request ${shortCode}`));
    },
    async updatedView(viewId, text) {
      const call = await fake.waitFor(() =>
        fake.calls('views.update').find((c) => c.args.view_id === viewId && textOf(c.args.view).includes(text)),
      );
      return call.args.view as { callback_id: string; blocks: unknown[] };
    },
    dms(userId) {
      return fake.messages(fake.dmChannelOf(userId));
    },
    async grant(shortCode) {
      const grant = await stores.grants.findByShortCode(shortCode);
      if (!grant) throw new Error(`no grant ${shortCode}`);
      return grant;
    },
    async close() {
      await running.close();
      if (redisUrl) await deleteKeysUnder(redisUrl, prefix);
      await fake.stop();
      await jira.stop();
      await db.drop();
      logs.close();
    },
  };
}
