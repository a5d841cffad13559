/**
 * A pretend Slack workspace that answers the Web API methods Grantdesk calls, the way Slack does: same arguments,
 * same `{ok, error}` answers, same limits (Block Kit rules, 3-second trigger ids, unknown channels and users). It
 * keeps what the app posted (messages, threads, ephemerals, modals, Home tabs, files) so a page or a test can show it,
 * and tells listeners whenever something changed. No HTTP here: SlackSandbox serves it.
 */
import { ChatMethods } from './chat-methods.ts';
import { FileStore } from './file-store.ts';
import { MessageStore } from './message-store.ts';
import { ResponseUrls } from './response-urls.ts';
import { SlackApiError } from './slack-api-error.ts';
import { ViewRegistry } from './view-registry.ts';
import { checkedView, optionalString, requiredString } from './web-api-checks.ts';
import type { ApiArgs } from './web-api-request.ts';
import type {
  AppIdentity,
  RecordedCall,
  TeamInfo,
  WorkspaceChannel,
  WorkspaceMessage,
  WorkspacePerson,
} from './workspace-model.ts';

export interface SlackWorkspaceOptions {
  /** Where this workspace is served, for the upload and response URLs it hands out. */
  origin: string;
  team?: TeamInfo;
  app?: AppIdentity;
  /** The only bot token accepted; by default any `xoxb-…` token is. */
  token?: string;
  triggerLifetimeMs?: number;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  /** How many calls to remember (oldest forgotten first). */
  keepCalls?: number;
}

/** An answer to one Web API call: usually HTTP 200 with an `{ok}` envelope; 429 with Retry-After when limited. */
export interface ApiAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export const DEFAULT_TEAM: TeamInfo = { id: 'T0GRANTDEMO', name: 'Acme Support', domain: 'acme-support' };
export const DEFAULT_APP: AppIdentity = {
  userId: 'U0GRANTBOT',
  botId: 'B0GRANTBOT',
  appId: 'A0GRANTDESK',
  name: 'Grantdesk',
};

type Handler = (args: ApiArgs) => ApiArgs;

export interface SavedWorkspace {
  version: 1;
  dms: WorkspaceChannel[];
  messages: ReturnType<MessageStore['saved']>;
  files: ReturnType<FileStore['saved']>;
  views: ReturnType<ViewRegistry['saved']>;
}

export class SlackWorkspace {
  readonly team: TeamInfo;
  readonly app: AppIdentity;
  readonly messages: MessageStore;
  readonly views: ViewRegistry;
  readonly files = new FileStore();
  readonly responseUrls: ResponseUrls;
  readonly chat: ChatMethods;

  private readonly now: () => number;
  private readonly people = new Map<string, WorkspacePerson>();
  private readonly channelsById = new Map<string, WorkspaceChannel>();
  private readonly usergroups = new Map<string, string[]>();
  private readonly recorded: RecordedCall[] = [];
  private readonly limits = new Map<string, { perMinute: number; hits: number[] }>();
  private readonly listeners = new Set<() => void>();
  private readonly handlers: Record<string, Handler>;

  constructor(private readonly options: SlackWorkspaceOptions) {
    this.team = options.team ?? DEFAULT_TEAM;
    this.app = options.app ?? DEFAULT_APP;
    this.now = options.clock ?? Date.now;
    this.messages = new MessageStore(this.now);
    const owner = { teamId: this.team.id, appId: this.app.appId, botId: this.app.botId };
    this.views = new ViewRegistry(owner, this.now, options.triggerLifetimeMs);
    this.responseUrls = new ResponseUrls(options.origin, this.team.id, this.now);
    this.chat = new ChatMethods(this.messages, {
      app: this.app,
      team: this.team,
      resolveChannel: (value) => this.resolveChannel(value),
      isPerson: (id) => this.people.has(id),
    });
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (args) => this.chat.postMessage(args),
      'chat.update': (args) => this.chat.update(args),
      'chat.delete': (args) => this.chat.delete(args),
      'chat.postEphemeral': (args) => this.chat.postEphemeral(args),
      'chat.getPermalink': (args) => this.chat.permalink(args),
      'conversations.open': (args) => this.openConversation(args),
      'views.open': (args) => ({
        view: this.views.open(this.views.consumeTrigger(args.trigger_id), checkedView(args.view)),
      }),
      'views.push': (args) => ({
        view: this.views.push(this.views.consumeTrigger(args.trigger_id), checkedView(args.view)),
      }),
      'views.update': (args) => {
        const target = { viewId: args.view_id, externalId: args.external_id, hash: args.hash };
        return { view: this.views.update(target, checkedView(args.view)) };
      },
      'views.publish': (args) => this.publishView(args),
      'users.info': (args) => this.userInfo(args),
      'usergroups.users.list': (args) => this.usergroupMembers(args),
      'files.getUploadURLExternal': (args) => this.uploadUrl(args),
      'files.completeUploadExternal': (args) => this.completeUpload(args),
    };
  }

  // ── The scene ───────────────────────────────────────────────────────────────────────────────────────────────

  addPerson(person: WorkspacePerson): this {
    this.people.set(person.id, person);
    return this;
  }

  addChannel(channel: WorkspaceChannel): this {
    this.channelsById.set(channel.id, channel);
    return this;
  }

  setUsergroup(id: string, members: readonly string[]): this {
    this.usergroups.set(id, [...members]);
    return this;
  }

  /** Answer HTTP 429 with Retry-After once `method` has been called `perMinute` times in the last minute. */
  rateLimit(method: string, perMinute: number | null): this {
    if (perMinute === null) this.limits.delete(method);
    else this.limits.set(method, { perMinute, hits: [] });
    return this;
  }

  person(id: string): WorkspacePerson | undefined {
    return this.people.get(id);
  }

  allPeople(): WorkspacePerson[] {
    return [...this.people.values()];
  }

  channel(id: string): WorkspaceChannel | undefined {
    return this.channelsById.get(id);
  }

  allChannels(): WorkspaceChannel[] {
    return [...this.channelsById.values()];
  }

  /** The app's DM with a person (what conversations.open gives for them). */
  dmChannelOf(userId: string): string {
    return `D${userId.replace(/^[UW]/, '')}`;
  }

  // ── Between runs ────────────────────────────────────────────────────────────────────────────────────────────

  /** What outlives a restart, as JSON: messages and threads, DMs, files and Home tabs. */
  saved(): SavedWorkspace {
    return {
      version: 1,
      dms: this.allChannels().filter((channel) => channel.kind === 'im'),
      messages: this.messages.saved(),
      files: this.files.saved(),
      views: this.views.saved(),
    };
  }

  restore(saved: SavedWorkspace): void {
    if (saved.version !== 1) return;
    for (const dm of saved.dms) this.channelsById.set(dm.id, dm);
    this.messages.restore(saved.messages);
    this.files.restore(saved.files);
    this.views.restore(saved.views);
  }

  // ── Changes ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** Called after every change (a call that succeeded, a response_url post, a person's message…). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  calls(method?: string): readonly RecordedCall[] {
    return this.recorded.filter((call) => method === undefined || call.method === method);
  }

  // ── The Web API ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Answers one Web API call; `token` is the bearer or `token` field, `args` the rest. */
  call(method: string, token: string | undefined, args: ApiArgs): ApiAnswer {
    const call: RecordedCall = { method, args, at: new Date(this.now()), ok: false };
    this.record(call);
    const answer = this.answer(method, token, args);
    call.ok = answer.body.ok === true;
    if (!call.ok) call.error = String(answer.body.error);
    if (call.ok && method !== 'auth.test' && method !== 'users.info') this.changed();
    return answer;
  }

  /** What the app posts to a response_url: a reply, or a replacement or deletion of the original message. */
  respond(path: string, body: ApiArgs): { status: number; body: ApiArgs } {
    const context = this.responseUrls.use(path);
    if (context === undefined) return { status: 404, body: { ok: false, error: 'not_found' } };
    if (typeof context === 'string') return { status: 404, body: { ok: false, error: context } };
    try {
      this.chat.applyResponse(context, body);
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      return { status: 400, body: { ok: false, error: error.code } };
    }
    this.changed();
    return { status: 200, body: { ok: true } };
  }

  /** A person typing a plain message (the app subscribes to no message events, so only the page sees it). */
  postAsPerson(userId: string, channel: string, text: string, threadTs?: string): WorkspaceMessage {
    const message = this.messages.add({
      channel: this.resolveChannel(channel),
      ts: this.messages.nextTs(),
      text,
      blocks: [],
      user: userId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    this.changed();
    return message;
  }

  private record(call: RecordedCall): void {
    this.recorded.push(call);
    const keep = this.options.keepCalls ?? Number.POSITIVE_INFINITY;
    if (this.recorded.length > keep) this.recorded.splice(0, this.recorded.length - keep);
  }

  private answer(method: string, token: string | undefined, args: ApiArgs): ApiAnswer {
    if (!token) return refusal('not_authed');
    if (this.options.token ? token !== this.options.token : !token.startsWith('xoxb-')) return refusal('invalid_auth');
    const limited = this.checkRateLimit(method);
    if (limited) return limited;
    const handler = this.handlers[method];
    if (!handler) return refusal('unknown_method');
    try {
      return { status: 200, body: { ok: true, ...handler(args) } };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      const metadata = error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {};
      return { status: 200, body: { ok: false, error: error.code, ...metadata } };
    }
  }

  private checkRateLimit(method: string): ApiAnswer | undefined {
    const limit = this.limits.get(method);
    if (!limit) return undefined;
    const now = this.now();
    limit.hits = limit.hits.filter((at) => now - at < 60_000);
    if (limit.hits.length < limit.perMinute) {
      limit.hits.push(now);
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((limit.hits[0]! + 60_000 - now) / 1000));
    return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
  }

  private authTest(): ApiArgs {
    return {
      url: `https://${this.team.domain}.slack.com/`,
      team: this.team.name,
      user: this.app.name.toLowerCase(),
      team_id: this.team.id,
      user_id: this.app.userId,
      bot_id: this.app.botId,
      is_enterprise_install: false,
    };
  }

  private openConversation(args: ApiArgs): ApiArgs {
    const users = requiredString(args.users, 'users_list_not_supplied')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (users.length !== 1) {
      throw new SlackApiError('not_implemented', ['[ERROR] the sandbox opens DMs with one person only']);
    }
    const person = this.people.get(users[0]!);
    if (!person) throw new SlackApiError('user_not_found');
    const id = this.dmChannelOf(person.id);
    const alreadyOpen = this.channelsById.has(id);
    this.channelsById.set(id, { id, name: person.name, kind: 'im', userId: person.id });
    return { channel: { id }, ...(alreadyOpen ? { no_op: true, already_open: true } : {}) };
  }

  private publishView(args: ApiArgs): ApiArgs {
    const userId = requiredString(args.user_id, 'invalid_arguments');
    if (!this.people.has(userId)) throw new SlackApiError('user_not_found');
    const view = checkedView(args.view);
    if (view.type !== 'home') {
      throw new SlackApiError('invalid_arguments', ['[ERROR] must be home [json-pointer:/view/type]']);
    }
    return { view: this.views.publishHome(userId, view, args.hash) };
  }

  private userInfo(args: ApiArgs): ApiArgs {
    const person = this.people.get(requiredString(args.user, 'user_not_found'));
    if (!person) throw new SlackApiError('user_not_found');
    return {
      user: {
        id: person.id,
        team_id: this.team.id,
        name: person.name,
        real_name: person.realName,
        deleted: person.deleted ?? false,
        is_bot: person.isBot ?? false,
        tz: person.tz ?? 'Europe/London',
        profile: {
          real_name: person.realName,
          display_name: person.name,
          title: person.title ?? '',
          ...(person.email ? { email: person.email } : {}),
        },
      },
    };
  }

  private usergroupMembers(args: ApiArgs): ApiArgs {
    const members = this.usergroups.get(requiredString(args.usergroup, 'no_such_subteam'));
    if (!members) throw new SlackApiError('no_such_subteam');
    return { users: [...members] };
  }

  private uploadUrl(args: ApiArgs): ApiArgs {
    const fileId = this.files.reserve(args.filename, args.length);
    return { upload_url: `${this.options.origin}/upload/v1/${fileId}`, file_id: fileId };
  }

  private completeUpload(args: ApiArgs): ApiArgs {
    const channel = optionalString(args.channel_id) ? this.resolveChannel(args.channel_id) : undefined;
    const threadTs = optionalString(args.thread_ts);
    const initialComment = optionalString(args.initial_comment);
    const files = this.files.complete(args.files, {
      ...(channel ? { channel } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(initialComment ? { initialComment } : {}),
    });
    if (channel) {
      // Sharing a file posts a message carrying it, as in Slack.
      this.messages.add({
        channel,
        ts: this.messages.nextTs(),
        text: initialComment ?? '',
        blocks: [],
        user: this.app.userId,
        bot_id: this.app.botId,
        files: files.map((file) => ({
          id: file.id,
          name: file.filename,
          title: file.title,
          mimetype: file.mimetype,
          size: file.bytes.length,
        })),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    }
    return {
      files: files.map((file) => ({
        id: file.id,
        name: file.filename,
        title: file.title,
        mimetype: file.mimetype,
        size: file.bytes.length,
        channels: channel ? [channel] : [],
      })),
    };
  }

  /** A known channel, or a person's id (Slack posts those to the app's DM with them). */
  private resolveChannel(value: unknown): string {
    const id = typeof value === 'string' ? value : '';
    if (this.channelsById.has(id)) return id;
    const person = this.people.get(id);
    if (person) {
      const dm = this.dmChannelOf(id);
      this.channelsById.set(dm, { id: dm, name: person.name, kind: 'im', userId: id });
      return dm;
    }
    throw new SlackApiError('channel_not_found');
  }
}

function refusal(error: string): ApiAnswer {
  return { status: 200, body: { ok: false, error } };
}
