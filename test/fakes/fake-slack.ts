/**
 * A protocol-level fake of Slack's Web API: a real HTTP server on 127.0.0.1 that answers `POST /api/<method>` the way
 * Slack does (form-encoded or JSON bodies, bearer tokens, `{ok, error}` envelopes, HTTP 429 with Retry-After), enforces
 * the limits that make real Slack reject calls (Block Kit limits, 3-second trigger ids, unknown channels), and records
 * every call so tests can assert on what the app said. Point a WebClient (or Bolt) at `fake.url`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackApiError as SlackError } from '../../src/demo/slack-sandbox/slack-api-error.ts';
import { bearerToken, parseApiArgs, readBody } from '../../src/demo/slack-sandbox/web-api-request.ts';
import { blockErrors, Limit, viewErrors } from './block-kit-rules.ts';
import { ChangeSignal } from './change-signal.ts';

export interface FakeSlackOptions {
  /** The only bot token accepted; by default any `xoxb-…` token is. */
  token?: string;
  /** How long an issued trigger_id stays usable. Slack's is 3 seconds. */
  triggerLifetimeMs?: number;
  /** The fake's clock (ms since the epoch), for trigger expiry and rate limits. */
  clock?: () => number;
}

export interface RecordedCall {
  method: string;
  /** The arguments as Slack read them: JSON-string fields (`blocks`, `view`, …) parsed; the token left out. */
  args: Record<string, unknown>;
  at: Date;
  /** Whether the fake answered ok; false for refusals, including 429s. */
  ok: boolean;
  error?: string;
}

export interface FakeUser {
  id: string;
  name: string;
  email?: string | null;
  realName?: string;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
  user: string;
  bot_id: string;
  edited?: { user: string; ts: string };
  files?: { id: string; title: string }[];
  reply_count?: number;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
}

export interface FakeView {
  id: string;
  team_id: string;
  type: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, unknown> };
  hash: string;
  root_view_id: string;
  previous_view_id: null;
  app_id: string;
  bot_id: string;
  /** Whose modal or Home tab this is, when known. */
  user_id?: string;
}

export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  bytes: Buffer;
  channelId?: string;
  threadTs?: string;
  initialComment?: string;
}

export interface FakeResponse {
  url: string;
  body: Record<string, unknown>;
  at: Date;
}

const TEAM_ID = 'T0FAKETEAM';
const BOT_USER_ID = 'U0GRANTBOT';
const BOT_ID = 'B0GRANTBOT';
const APP_ID = 'A0GRANTDESK';
/** Slack's trigger_id lifetime: https://docs.slack.dev/interactivity/handling-user-interaction#modal_responses */
const DEFAULT_TRIGGER_LIFETIME_MS = 3000;
type Args = Record<string, unknown>;
type Answer = { status?: number; headers?: Record<string, string>; body: Args };
type Handler = (args: Args) => Args;

export class FakeSlack {
  /** The Web API base URL, ending `/api/`: give it to `new WebClient(token, { slackApiUrl })` or SLACK_API_URL. */
  readonly url: string;

  private readonly origin: string;
  private readonly now: () => number;
  private readonly triggerLifetimeMs: number;
  private readonly recorded: RecordedCall[] = [];
  private readonly signal = new ChangeSignal();
  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Set<string>();
  /** Public channels the bot posts to without being a member (chat:write.public), where files cannot be shared. */
  private readonly notJoined = new Set<string>();
  private readonly usergroups = new Map<string, string[]>();
  private readonly channelMessages = new Map<string, FakeMessage[]>();
  private readonly ephemerals: FakeEphemeral[] = [];
  private readonly triggers = new Map<string, { issuedAt: number; used: boolean; userId?: string }>();
  private readonly openViews = new Map<string, FakeView>();
  private readonly homeViews = new Map<string, FakeView>();
  private readonly uploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  private readonly sharedFiles: FakeFile[] = [];
  private readonly responseUrls = new Set<string>();
  private readonly responseBodies: FakeResponse[] = [];
  private readonly limits = new Map<string, { perMinute: number; hits: number[] }>();
  private readonly handlers: Record<string, Handler>;
  private tsCounter = 0;
  private idCounter = 0;

  constructor(
    private readonly server: Server,
    private readonly options: FakeSlackOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.url = `${this.origin}/api/`;
    this.now = options.clock ?? Date.now;
    this.triggerLifetimeMs = options.triggerLifetimeMs ?? DEFAULT_TRIGGER_LIFETIME_MS;
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (args) => this.postMessage(args),
      'chat.update': (args) => this.update(args),
      'chat.delete': (args) => this.deleteMessage(args),
      'chat.postEphemeral': (args) => this.postEphemeral(args),
      'chat.getPermalink': (args) => this.permalink(args),
      'conversations.open': (args) => this.openConversation(args),
      'views.open': (args) => this.openView(args),
      'views.update': (args) => this.updateView(args),
      'views.publish': (args) => this.publishView(args),
      'users.info': (args) => this.userInfo(args),
      'usergroups.users.list': (args) => this.usergroupMembers(args),
      'files.getUploadURLExternal': (args) => this.uploadUrl(args),
      'files.completeUploadExternal': (args) => this.completeUpload(args),
    };
    server.on('request', (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
  }

  // ── Setting the scene ───────────────────────────────────────────────────────────────────────────────────────

  /** A person the app may look up (users.info), DM (conversations.open) and address ephemerally. */
  addUser(user: FakeUser): this {
    this.users.set(user.id, user);
    return this;
  }

  /** A channel the app may post to. */
  addChannel(id: string): this {
    this.channels.add(id);
    return this;
  }

  /**
   * Whether the bot is a member of the channel (it is, by default). A bot with chat:write.public still posts messages
   * to a public channel it is not in, but sharing a file there fails with `not_in_channel`, as in Slack.
   */
  setBotMember(id: string, member: boolean): this {
    if (member) this.notJoined.delete(id);
    else this.notJoined.add(id);
    return this;
  }

  setUsergroup(id: string, members: string[]): this {
    this.usergroups.set(id, [...members]);
    return this;
  }

  /** A trigger_id as Slack puts in a command or interaction payload; usable once, for 3 seconds. */
  issueTriggerId(userId?: string): string {
    const id = `${this.nextId()}.${Math.floor(this.now() / 1000)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.now(), used: false, ...(userId ? { userId } : {}) });
    return id;
  }

  /** A response_url on this server, as Slack puts in commands and interactions; what is posted to it is recorded. */
  issueResponseUrl(): string {
    const url = `${this.origin}/commands/${TEAM_ID}/${this.nextId()}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.add(url);
    return url;
  }

  /** Answer HTTP 429 with Retry-After once `method` has been called `perMinute` times in the last minute. */
  rateLimit(method: string, perMinute: number | null): this {
    if (perMinute === null) this.limits.delete(method);
    else this.limits.set(method, { perMinute, hits: [] });
    return this;
  }

  /** The DM channel conversations.open gives for a user. */
  dmChannelOf(userId: string): string {
    return `D${userId.replace(/^[UW]/, '')}`;
  }

  // ── Reading what happened ───────────────────────────────────────────────────────────────────────────────────

  calls(method?: string): RecordedCall[] {
    return this.recorded.filter((call) => method === undefined || call.method === method);
  }

  /** A channel's messages as they are now (after updates), in posting order; thread replies carry `thread_ts`. */
  messages(channel: string): FakeMessage[] {
    return (this.channelMessages.get(channel) ?? []).map((message) => structuredClone(message));
  }

  /** The replies in one thread, oldest first (the parent left out). */
  thread(channel: string, ts: string): FakeMessage[] {
    return this.messages(channel).filter((message) => message.thread_ts === ts && message.ts !== ts);
  }

  ephemeralMessages(filter: { channel?: string; user?: string } = {}): FakeEphemeral[] {
    return this.ephemerals.filter(
      (message) =>
        (filter.channel === undefined || message.channel === filter.channel) &&
        (filter.user === undefined || message.user === filter.user),
    );
  }

  /** Modals opened (and updated) so far, by view id. */
  views(): FakeView[] {
    return [...this.openViews.values()].map((view) => structuredClone(view));
  }

  /** The Home tab last published for a user. */
  homeView(userId: string): FakeView | undefined {
    const view = this.homeViews.get(userId);
    return view && structuredClone(view);
  }

  /** Files uploaded and shared with files.completeUploadExternal. */
  files(): FakeFile[] {
    return [...this.sharedFiles];
  }

  /** What was posted to response_urls issued by issueResponseUrl. */
  responses(url?: string): FakeResponse[] {
    return this.responseBodies.filter((response) => url === undefined || response.url === url);
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
      () => predicate(this.recorded),
      () => {
        const seen = this.recorded.map((call) => `${call.method}${call.ok ? '' : ` (${call.error})`}`).join(', ');
        return `fake Slack: condition not met; calls so far: ${seen || 'none'}`;
      },
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  // ── HTTP ────────────────────────────────────────────────────────────────────────────────────────────────────

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.dispatch(request, response);
    } finally {
      this.signal.changed();
    }
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const raw = await readBody(request);
    if (url.pathname.startsWith('/api/')) {
      send(response, this.apiCall(url.pathname.slice('/api/'.length), request, url, raw));
    } else if (url.pathname.startsWith('/upload/v1/')) {
      await this.receiveUpload(url.pathname.slice('/upload/v1/'.length), request, raw, response);
    } else if (this.responseUrls.has(`${this.origin}${url.pathname}`)) {
      this.receiveResponse(`${this.origin}${url.pathname}`, raw, response);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  }

  private apiCall(method: string, request: IncomingMessage, url: URL, raw: Buffer): Answer {
    const call: RecordedCall = { method, args: {}, at: new Date(this.now()), ok: false };
    this.recorded.push(call);
    const answer = this.answer(method, request, url, raw, call);
    call.ok = answer.body.ok === true;
    if (!call.ok) call.error = String(answer.body.error);
    return answer;
  }

  private answer(method: string, request: IncomingMessage, url: URL, raw: Buffer, call: RecordedCall): Answer {
    if (request.method !== 'POST' && request.method !== 'GET') return refusal('invalid_request');
    let args: Args;
    try {
      args = { ...Object.fromEntries(url.searchParams), ...parseApiArgs(request.headers['content-type'], raw) };
    } catch (error) {
      return refusal(error instanceof SlackError ? error.code : 'invalid_form_data');
    }
    const { token: bodyToken, ...rest } = args;
    call.args = rest;
    const token = bearerToken(request.headers.authorization) ?? (typeof bodyToken === 'string' ? bodyToken : undefined);
    if (!token) return refusal('not_authed');
    if (this.options.token ? token !== this.options.token : !token.startsWith('xoxb-')) return refusal('invalid_auth');
    const limited = this.checkRateLimit(method);
    if (limited) return limited;
    const handler = this.handlers[method];
    if (!handler) return refusal('unknown_method');
    try {
      return { body: { ok: true, ...handler(rest) } };
    } catch (error) {
      if (!(error instanceof SlackError)) throw error;
      const metadata = error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {};
      return { body: { ok: false, error: error.code, ...metadata } };
    }
  }

  private checkRateLimit(method: string): Answer | undefined {
    const limit = this.limits.get(method);
    if (!limit) return undefined;
    const now = this.now();
    limit.hits = limit.hits.filter((at) => now - at < 60_000);
    if (limit.hits.length < limit.perMinute) {
      limit.hits.push(now);
      return undefined;
    }
    // With a limit of 0 there is no oldest hit: the whole minute must pass.
    const oldest = limit.hits[0] ?? now;
    const retryAfter = Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
    return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
  }

  private async receiveUpload(fileId: string, request: IncomingMessage, raw: Buffer, response: ServerResponse) {
    const upload = this.uploads.get(fileId);
    if (!upload || request.method !== 'POST') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    upload.bytes = await uploadedBytes(request.headers['content-type'], raw);
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(`OK - ${upload.bytes.length}`);
  }

  private receiveResponse(url: string, raw: Buffer, response: ServerResponse): void {
    let body: Args;
    try {
      body = JSON.parse(raw.toString('utf8')) as Args;
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('invalid_payload');
      return;
    }
    this.responseBodies.push({ url, body, at: new Date(this.now()) });
    send(response, { body: { ok: true } });
  }

  // ── Methods ─────────────────────────────────────────────────────────────────────────────────────────────────

  private authTest(): Args {
    return {
      url: 'https://fake-team.slack.com/',
      team: 'Fake Team',
      user: 'grantdesk',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    };
  }

  private postMessage(args: Args): Args {
    const channel = this.resolveChannel(args.channel);
    const { text, blocks } = checkMessage(args);
    const message: FakeMessage = { channel, ts: this.nextTs(), text, blocks, user: BOT_USER_ID, bot_id: BOT_ID };
    const threadTs = optionalString(args.thread_ts);
    if (threadTs) {
      message.thread_ts = threadTs;
      const parent = this.findMessage(channel, threadTs);
      if (parent) {
        parent.thread_ts = threadTs;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
      }
    }
    this.store(message);
    const { channel: _, ...shown } = message;
    return { channel, ts: message.ts, message: { type: 'message', app_id: APP_ID, team: TEAM_ID, ...shown } };
  }

  private update(args: Args): Args {
    const channel = this.resolveChannel(args.channel);
    const ts = requiredString(args.ts, 'message_not_found');
    const message = this.findMessage(channel, ts);
    if (!message) throw new SlackError('message_not_found');
    // Slack keeps the old blocks when `blocks` is left out, and the old text when `text` is.
    const { text, blocks } = checkMessage({
      text: args.text ?? (args.blocks === undefined ? message.text : ''),
      blocks: args.blocks ?? message.blocks,
    });
    message.text = text;
    message.blocks = blocks;
    message.edited = { user: BOT_USER_ID, ts: this.nextTs() };
    const { channel: _, ...shown } = message;
    return { channel, ts, text, message: { type: 'message', app_id: APP_ID, ...shown } };
  }

  private deleteMessage(args: Args): Args {
    const channel = this.resolveChannel(args.channel);
    const ts = requiredString(args.ts, 'message_not_found');
    const list = this.channelMessages.get(channel) ?? [];
    const index = list.findIndex((message) => message.ts === ts);
    if (index < 0) throw new SlackError('message_not_found');
    // A bot token may delete only the bot's own messages.
    if (list[index]!.user !== BOT_USER_ID) throw new SlackError('cant_delete_message');
    list.splice(index, 1);
    return { channel, ts };
  }

  private postEphemeral(args: Args): Args {
    const channel = this.resolveChannel(args.channel);
    const user = requiredString(args.user, 'user_not_found');
    if (!this.users.has(user)) throw new SlackError('user_not_in_channel');
    const { text, blocks } = checkMessage(args);
    const messageTs = this.nextTs();
    const threadTs = optionalString(args.thread_ts);
    this.ephemerals.push({
      channel,
      user,
      message_ts: messageTs,
      text,
      blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { message_ts: messageTs };
  }

  private permalink(args: Args): Args {
    const channel = this.resolveChannel(args.channel);
    const ts = requiredString(args.message_ts, 'message_not_found');
    if (!this.findMessage(channel, ts)) throw new SlackError('message_not_found');
    return { channel, permalink: `https://fake-team.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
  }

  private openConversation(args: Args): Args {
    const users = requiredString(args.users, 'users_list_not_supplied')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (users.length !== 1) throw new SlackError('not_implemented', ['[ERROR] the fake opens DMs with one user only']);
    const userId = users[0]!;
    if (!this.users.has(userId)) throw new SlackError('user_not_found');
    const id = this.dmChannelOf(userId);
    const alreadyOpen = this.channels.has(id);
    this.channels.add(id);
    return { channel: { id }, ...(alreadyOpen ? { no_op: true, already_open: true } : {}) };
  }

  private openView(args: Args): Args {
    const triggerId = requiredString(args.trigger_id, 'invalid_arguments');
    const trigger = this.triggers.get(triggerId);
    if (!trigger || trigger.used) throw new SlackError('invalid_trigger_id');
    if (this.now() - trigger.issuedAt > this.triggerLifetimeMs) throw new SlackError('expired_trigger_id');
    const view = this.checkView(args.view);
    trigger.used = true;
    const stored = this.storeView(view, this.nextId('V'), trigger.userId);
    this.openViews.set(stored.id, stored);
    return { view: stored };
  }

  private updateView(args: Args): Args {
    const existing =
      typeof args.view_id === 'string'
        ? this.openViews.get(args.view_id)
        : [...this.openViews.values()].find((view) => view.external_id !== '' && view.external_id === args.external_id);
    if (!existing) throw new SlackError('not_found');
    if (typeof args.hash === 'string' && args.hash !== existing.hash) throw new SlackError('hash_conflict');
    const view = this.checkView(args.view);
    const stored = this.storeView(view, existing.id, existing.user_id);
    this.openViews.set(stored.id, stored);
    return { view: stored };
  }

  private publishView(args: Args): Args {
    const userId = requiredString(args.user_id, 'invalid_arguments');
    if (!this.users.has(userId)) throw new SlackError('user_not_found');
    const view = this.checkView(args.view);
    if (view.type !== 'home')
      throw new SlackError('invalid_arguments', ['[ERROR] must be home [json-pointer:/view/type]']);
    const existing = this.homeViews.get(userId);
    if (existing && typeof args.hash === 'string' && args.hash !== existing.hash) throw new SlackError('hash_conflict');
    const stored = this.storeView(view, existing?.id ?? this.nextId('V'), userId);
    this.homeViews.set(userId, stored);
    return { view: stored };
  }

  private userInfo(args: Args): Args {
    const user = this.users.get(requiredString(args.user, 'user_not_found'));
    if (!user) throw new SlackError('user_not_found');
    const realName = user.realName ?? user.name;
    return {
      user: {
        id: user.id,
        team_id: TEAM_ID,
        name: user.name,
        real_name: realName,
        deleted: user.deleted ?? false,
        is_bot: user.isBot ?? false,
        tz: user.tz ?? 'Europe/London',
        profile: { real_name: realName, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
      },
    };
  }

  private usergroupMembers(args: Args): Args {
    const members = this.usergroups.get(requiredString(args.usergroup, 'no_such_subteam'));
    if (!members) throw new SlackError('no_such_subteam');
    return { users: [...members] };
  }

  private uploadUrl(args: Args): Args {
    const filename = requiredString(args.filename, 'invalid_arguments');
    const length = Number(args.length);
    if (!Number.isInteger(length) || length < 0) {
      throw new SlackError('invalid_arguments', ['[ERROR] missing required field: length']);
    }
    const fileId = this.nextId('F');
    this.uploads.set(fileId, { filename, length });
    return { upload_url: `${this.origin}/upload/v1/${fileId}`, file_id: fileId };
  }

  private completeUpload(args: Args): Args {
    if (!Array.isArray(args.files) || args.files.length === 0) {
      throw new SlackError('invalid_arguments', ['[ERROR] missing required field: files']);
    }
    const channelId = optionalString(args.channel_id);
    if (channelId) this.resolveChannel(channelId);
    if (channelId && this.notJoined.has(channelId)) throw new SlackError('not_in_channel');
    const threadTs = optionalString(args.thread_ts);
    const initialComment = optionalString(args.initial_comment);
    const completed = args.files.map((entry) => {
      const { id, title } = (entry ?? {}) as Args;
      const upload = typeof id === 'string' ? this.uploads.get(id) : undefined;
      if (!upload?.bytes) throw new SlackError('file_not_found');
      return {
        id: id as string,
        upload,
        bytes: upload.bytes,
        title: typeof title === 'string' ? title : upload.filename,
      };
    });
    for (const { id, upload, bytes, title } of completed) {
      this.sharedFiles.push({
        id,
        filename: upload.filename,
        title,
        bytes,
        ...(channelId ? { channelId } : {}),
        ...(threadTs ? { threadTs } : {}),
        ...(initialComment ? { initialComment } : {}),
      });
    }
    if (channelId) {
      // Sharing a file posts a message carrying it, as in Slack.
      this.store({
        channel: channelId,
        ts: this.nextTs(),
        text: initialComment ?? '',
        blocks: [],
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        files: completed.map(({ id, title }) => ({ id, title })),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    }
    return {
      files: completed.map(({ id, upload, bytes, title }) => ({
        id,
        name: upload.filename,
        title,
        size: bytes.length,
        channels: channelId ? [channelId] : [],
      })),
    };
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** A known channel, or a registered user's id (Slack posts those to the app's DM with them). */
  private resolveChannel(value: unknown): string {
    const channel = typeof value === 'string' ? value : '';
    if (this.channels.has(channel)) return channel;
    if (this.users.has(channel)) {
      const dm = this.dmChannelOf(channel);
      this.channels.add(dm);
      return dm;
    }
    throw new SlackError('channel_not_found');
  }

  private checkView(value: unknown): Args & { type: string } {
    if (value === undefined) throw new SlackError('invalid_arguments', ['[ERROR] missing required field: view']);
    const errors = viewErrors(value);
    if (errors.length > 0) throw new SlackError('invalid_arguments', errors);
    return value as Args & { type: string };
  }

  private storeView(view: Args & { type: string }, id: string, userId: string | undefined): FakeView {
    return {
      id,
      team_id: TEAM_ID,
      type: view.type,
      ...(view.title !== undefined ? { title: view.title } : {}),
      ...(view.submit !== undefined ? { submit: view.submit } : {}),
      ...(view.close !== undefined ? { close: view.close } : {}),
      blocks: structuredClone(view.blocks as unknown[]),
      private_metadata: optionalString(view.private_metadata) ?? '',
      callback_id: optionalString(view.callback_id) ?? '',
      external_id: optionalString(view.external_id) ?? '',
      state: { values: {} },
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      root_view_id: id,
      previous_view_id: null,
      app_id: APP_ID,
      bot_id: BOT_ID,
      ...(userId ? { user_id: userId } : {}),
    };
  }

  private store(message: FakeMessage): void {
    const list = this.channelMessages.get(message.channel) ?? [];
    list.push(message);
    this.channelMessages.set(message.channel, list);
  }

  private findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.channelMessages.get(channel)?.find((message) => message.ts === ts);
  }

  /** Message timestamps: unique and increasing, Slack's `seconds.micros` shape (`1700000000.000100`). */
  private nextTs(): string {
    this.tsCounter += 1;
    const micros = 1_700_000_000_000_000 + this.tsCounter * 100;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private nextId(prefix = ''): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(8, '0')}`;
  }
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return new FakeSlack(server, options);
}

// ── Request and response plumbing ─────────────────────────────────────────────────────────────────────────────

function refusal(error: string): Answer {
  return { body: { ok: false, error } };
}

function send(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  response.end(JSON.stringify(answer.body));
}

/** Checks a message's text and blocks as chat.postMessage / chat.update / chat.postEphemeral do. */
function checkMessage(args: Args): { text: string; blocks: unknown[] } {
  const text = typeof args.text === 'string' ? args.text : '';
  const blocks = args.blocks ?? [];
  if (!Array.isArray(blocks)) throw new SlackError('invalid_blocks_format');
  if (text === '' && blocks.length === 0) throw new SlackError('no_text');
  if (Array.from(text).length > Limit.messageText) throw new SlackError('msg_too_long');
  const errors = blockErrors(blocks);
  if (errors.length > 0) throw new SlackError('invalid_blocks', errors);
  return { text, blocks: structuredClone(blocks) };
}

/** The bytes of an upload: the body itself, or the file part of a multipart form (how WebClient sends it). */
async function uploadedBytes(contentType: string | undefined, raw: Buffer): Promise<Buffer> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  const [first] = [...form.values()];
  return Buffer.from(typeof first === 'string' ? first : '');
}

function requiredString(value: unknown, error: string): string {
  if (typeof value !== 'string' || value === '') throw new SlackError(error);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
