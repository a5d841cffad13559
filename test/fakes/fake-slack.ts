/**
 * Slack for tests: the demo's Slack workspace (src/demo/slack-sandbox/slack-workspace.ts: the Web API methods, Block
 * Kit limits, trigger ids, rate limits with Retry-After, uploads and response_urls, as Slack has them) served alone
 * on 127.0.0.1, so the tests and the demo hold the app to one Slack. This wrapper only sets the scene in a test's
 * words, hands out copies of what the app posted, and lets a test await a condition: every request the server
 * answers wakes the waiters (change-signal.ts). Point a WebClient (or Bolt) at `fake.url`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackWorkspace } from '../../src/demo/slack-sandbox/slack-workspace.ts';
import { sendText } from '../../src/demo/slack-sandbox/web-api-request.ts';
import { serveWebApi } from '../../src/demo/slack-sandbox/web-api-routes.ts';
import type {
  RecordedCall,
  RecordedResponse,
  TeamInfo,
  WorkspaceEphemeral,
  WorkspaceFile,
  WorkspaceMessage,
  WorkspacePerson,
  WorkspaceView,
} from '../../src/demo/slack-sandbox/workspace-model.ts';
import { keepConnectionsAlive } from '../../src/http/keep-alive.ts';
import { ChangeSignal } from './change-signal.ts';

export type { RecordedCall } from '../../src/demo/slack-sandbox/workspace-model.ts';
export type FakeMessage = WorkspaceMessage;
export type FakeEphemeral = WorkspaceEphemeral;
export type FakeView = WorkspaceView;
export type FakeResponse = RecordedResponse;
/** A person; the real name defaults to the handle. */
export type FakeUser = Omit<WorkspacePerson, 'realName'> & { realName?: string };
/** A shared file; `channelId` is where it was shared. */
export type FakeFile = Omit<WorkspaceFile, 'channel'> & { channelId?: string };

/** The team the tests' Slack is, and that test/support/slack-request.ts signs requests from. */
export const FAKE_TEAM: TeamInfo = { id: 'T0FAKETEAM', name: 'Fake Team', domain: 'fake-team' };

export interface FakeSlackOptions {
  /** The only bot token accepted; by default any `xoxb-…` token is. */
  token?: string;
  /** How long an issued trigger_id stays usable. Slack's is 3 seconds. */
  triggerLifetimeMs?: number;
  /** The fake's clock (ms since the epoch), for trigger expiry, rate limits and message timestamps. */
  clock?: () => number;
}

export class FakeSlack {
  /** The Web API base URL, ending `/api/`: give it to `new WebClient(token, { slackApiUrl })` or SLACK_API_URL. */
  readonly url: string;
  readonly workspace: SlackWorkspace;

  private readonly signal = new ChangeSignal();

  constructor(
    private readonly server: Server,
    options: FakeSlackOptions,
  ) {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.url = `${origin}/api/`;
    this.workspace = new SlackWorkspace({ origin, team: FAKE_TEAM, ...options });
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', origin);
      serveWebApi(this.workspace, request, response, url)
        .then((served) => served || sendText(response, 404, 'not found'))
        .catch((error: unknown) => sendText(response, 500, String(error)))
        .finally(() => this.signal.changed());
    });
  }

  // ── Setting the scene ───────────────────────────────────────────────────────────────────────────────────────

  /** A person the app may look up (users.info), DM (conversations.open) and address ephemerally. */
  addUser(user: FakeUser): this {
    this.workspace.directory.addPerson({ ...user, realName: user.realName ?? user.name });
    return this;
  }

  /** A channel the app may post to. */
  addChannel(id: string): this {
    this.workspace.directory.addChannel({ id, name: id.toLowerCase(), kind: 'channel' });
    return this;
  }

  /**
   * Whether the bot is a member of the channel (it is, by default). A bot with chat:write.public still posts messages
   * to a public channel it is not in, but sharing a file there fails with `not_in_channel`, as in Slack.
   */
  setBotMember(id: string, member: boolean): this {
    const channel = this.workspace.directory.channel(id) ?? { id, name: id.toLowerCase(), kind: 'channel' as const };
    this.workspace.directory.addChannel({ ...channel, botMember: member });
    return this;
  }

  setUsergroup(id: string, members: string[]): this {
    this.workspace.directory.setUsergroup(id, members);
    return this;
  }

  /** A trigger_id as Slack puts in a command or interaction payload (from `userId`); usable once, for 3 seconds. */
  issueTriggerId(userId = ''): string {
    return this.workspace.views.issueTrigger(userId);
  }

  /** A response_url on this server, as Slack puts in commands and interactions; what is posted to it is recorded. */
  issueResponseUrl(): string {
    return this.workspace.responseUrls.issue('commands', null);
  }

  /** Answer HTTP 429 with Retry-After once `method` has been called `perMinute` times in the last minute. */
  rateLimit(method: string, perMinute: number | null): this {
    this.workspace.rateLimit(method, perMinute);
    return this;
  }

  /** The DM channel conversations.open gives for a user. */
  dmChannelOf(userId: string): string {
    return this.workspace.directory.dmChannelOf(userId);
  }

  // ── Reading what happened ───────────────────────────────────────────────────────────────────────────────────

  calls(method?: string): RecordedCall[] {
    return [...this.workspace.calls(method)];
  }

  /** A channel's messages as they are now (after updates), in posting order; thread replies carry `thread_ts`. */
  messages(channel: string): FakeMessage[] {
    return structuredClone([...this.workspace.messages.list(channel)]);
  }

  /**
   * A channel's messages as the channel shows them: thread replies left out. A parent with replies carries its own
   * ts as `thread_ts`, as in Slack, so it is top-level too.
   */
  topLevelMessages(channel: string): FakeMessage[] {
    return this.messages(channel).filter(
      (message) => message.thread_ts === undefined || message.thread_ts === message.ts,
    );
  }

  /** The replies in one thread, oldest first (the parent left out). */
  thread(channel: string, ts: string): FakeMessage[] {
    return this.messages(channel).filter((message) => message.thread_ts === ts && message.ts !== ts);
  }

  ephemeralMessages(filter: { channel?: string; user?: string } = {}): FakeEphemeral[] {
    return structuredClone([...this.workspace.messages.ephemerals(filter)]);
  }

  /** Modals opened (and updated) so far, by view id. */
  views(): FakeView[] {
    return structuredClone(this.workspace.views.modals());
  }

  /** The Home tab last published for a user. */
  homeView(userId: string): FakeView | undefined {
    return structuredClone(this.workspace.views.home(userId));
  }

  /** Files uploaded and shared with files.completeUploadExternal. */
  files(): FakeFile[] {
    return this.workspace.files
      .all()
      .map(({ channel, ...file }) => ({ ...file, ...(channel ? { channelId: channel } : {}) }));
  }

  /** What was posted to response_urls issued by issueResponseUrl. */
  responses(url?: string): FakeResponse[] {
    return [...this.workspace.responses(url)];
  }

  /**
   * Resolves with what `predicate` returns once it is truthy for the calls recorded so far, re-checking it after each
   * request the fake answers; rejects after `timeoutMs` (a safety net: see change-signal.ts), naming the calls seen,
   * so a failing test says what the app did instead.
   */
  waitFor<T>(
    predicate: (calls: readonly RecordedCall[]) => T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<T> {
    return this.signal.until(
      () => predicate(this.workspace.calls()),
      () => {
        const calls = this.workspace.calls();
        const seen = calls.map((call) => `${call.method}${call.ok ? '' : ` (${call.error})`}`).join(', ');
        return `fake Slack: condition not met; calls so far: ${seen || 'none'}`;
      },
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const server = keepConnectionsAlive(createServer());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return new FakeSlack(server, options);
}
