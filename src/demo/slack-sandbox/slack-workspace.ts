/**
 * A pretend Slack workspace that answers the Web API methods Grantdesk calls, the way Slack does: same arguments,
 * same `{ok, error}` answers, same limits (Block Kit rules, 3-second trigger ids, unknown channels and users). It
 * keeps what the app posted (messages, threads, ephemerals, modals, Home tabs, files) so a page or a test can show it,
 * and tells listeners whenever something changed. No HTTP here: web-api-routes.ts serves it, in the demo's
 * sandbox (slack-sandbox.ts) and alone as the tests' fake Slack (test/fakes/fake-slack.ts).
 */
import { ChatMethods } from './chat-methods.ts';
import { FileStore } from './file-store.ts';
import { MessageStore } from './message-store.ts';
import { RateLimits } from './rate-limits.ts';
import { ResponseUrls } from './response-urls.ts';
import { SlackApiError } from './slack-api-error.ts';
import { ViewRegistry } from './view-registry.ts';
import { checkedView, checkMessage, optionalString, requiredString } from './web-api-checks.ts';
import type { ApiArgs } from './web-api-request.ts';
import { WorkspaceDirectory } from './workspace-directory.ts';
import {
  type ApiAnswer,
  type AppIdentity,
  DEFAULT_APP,
  DEFAULT_TEAM,
  type RecordedCall,
  type RecordedResponse,
  type TeamInfo,
  type WorkspaceMessage,
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
  /** How many calls and response_url posts to remember (oldest forgotten first). */
  keepCalls?: number;
}

type Handler = (args: ApiArgs) => ApiArgs;

export class SlackWorkspace {
  readonly team: TeamInfo;
  readonly app: AppIdentity;
  readonly directory: WorkspaceDirectory;
  readonly messages: MessageStore;
  readonly views: ViewRegistry;
  readonly files = new FileStore();
  readonly responseUrls: ResponseUrls;
  readonly chat: ChatMethods;

  private readonly now: () => number;
  private readonly recorded: RecordedCall[] = [];
  private readonly responsesPosted: RecordedResponse[] = [];
  private readonly limits: RateLimits;
  private readonly listeners = new Set<() => void>();
  private readonly handlers: Record<string, Handler>;

  constructor(private readonly options: SlackWorkspaceOptions) {
    this.team = options.team ?? DEFAULT_TEAM;
    this.app = options.app ?? DEFAULT_APP;
    this.now = options.clock ?? Date.now;
    this.directory = new WorkspaceDirectory(this.team);
    this.messages = new MessageStore(this.now);
    this.limits = new RateLimits(this.now);
    const owner = { teamId: this.team.id, appId: this.app.appId, botId: this.app.botId };
    this.views = new ViewRegistry(owner, this.now, options.triggerLifetimeMs);
    this.responseUrls = new ResponseUrls(options.origin, this.team.id, this.now);
    this.chat = new ChatMethods(this.messages, {
      app: this.app,
      team: this.team,
      resolveChannel: (value) => this.directory.resolveChannel(value),
      isPerson: (id) => this.directory.person(id) !== undefined,
    });
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (args) => this.chat.postMessage(args),
      'chat.update': (args) => this.chat.update(args),
      'chat.delete': (args) => this.chat.delete(args),
      'chat.postEphemeral': (args) => this.chat.postEphemeral(args),
      'chat.getPermalink': (args) => this.chat.permalink(args),
      'conversations.open': (args) => this.directory.openConversation(args),
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
      'users.info': (args) => this.directory.userInfo(args),
      'usergroups.users.list': (args) => this.directory.usergroupMembers(args),
      'files.getUploadURLExternal': (args) => this.uploadUrl(args),
      'files.completeUploadExternal': (args) => this.completeUpload(args),
    };
  }

  /** Answer HTTP 429 with Retry-After once `method` has been called `perMinute` times in the last minute. */
  rateLimit(method: string, perMinute: number | null): this {
    this.limits.set(method, perMinute);
    return this;
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

  /** What the app posted to response_urls (refused posts included), oldest first. */
  responses(url?: string): readonly RecordedResponse[] {
    return this.responsesPosted.filter((response) => url === undefined || response.url === url);
  }

  // ── The Web API ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Answers one Web API call; `token` is the bearer or `token` field, `args` the rest. */
  call(method: string, token: string | undefined, args: ApiArgs): ApiAnswer {
    const call: RecordedCall = { method, args, at: new Date(this.now()), ok: false };
    this.remember(this.recorded, call);
    const answer = this.answer(method, token, args);
    call.ok = answer.body.ok === true;
    if (!call.ok) call.error = String(answer.body.error);
    if (call.ok && method !== 'auth.test' && method !== 'users.info') this.changed();
    return answer;
  }

  /** A call refused before its arguments could be read (a bad body, a wrong HTTP method), recorded as the rest. */
  refuse(method: string, error: string): ApiAnswer {
    this.remember(this.recorded, { method, args: {}, at: new Date(this.now()), ok: false, error });
    return refusal(error);
  }

  /**
   * What the app posts to a response_url: a reply, or a replacement or deletion of the original message. A URL
   * issued with no context (a test's, to read the reply) takes any message Slack would take, and shows it nowhere.
   */
  respond(path: string, body: ApiArgs): { status: number; body: ApiArgs } {
    this.remember(this.responsesPosted, { url: `${this.options.origin}${path}`, body, at: new Date(this.now()) });
    const context = this.responseUrls.use(path);
    if (context === undefined) return { status: 404, body: { ok: false, error: 'not_found' } };
    if (typeof context === 'string') return { status: 404, body: { ok: false, error: context } };
    try {
      if (context === null) checkMessage(body);
      else this.chat.applyResponse(context, body);
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
      channel: this.directory.resolveChannel(channel),
      ts: this.messages.nextTs(),
      text,
      blocks: [],
      user: userId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    this.changed();
    return message;
  }

  private remember<T>(log: T[], entry: T): void {
    log.push(entry);
    const keep = this.options.keepCalls ?? Number.POSITIVE_INFINITY;
    if (log.length > keep) log.splice(0, log.length - keep);
  }

  private answer(method: string, token: string | undefined, args: ApiArgs): ApiAnswer {
    if (!token) return refusal('not_authed');
    if (this.options.token ? token !== this.options.token : !token.startsWith('xoxb-')) return refusal('invalid_auth');
    const limited = this.limits.check(method);
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

  private publishView(args: ApiArgs): ApiArgs {
    const userId = requiredString(args.user_id, 'invalid_arguments');
    if (!this.directory.person(userId)) throw new SlackApiError('user_not_found');
    const view = checkedView(args.view);
    if (view.type !== 'home') {
      throw new SlackApiError('invalid_arguments', ['[ERROR] must be home [json-pointer:/view/type]']);
    }
    return { view: this.views.publishHome(userId, view, args.hash) };
  }

  private uploadUrl(args: ApiArgs): ApiArgs {
    const fileId = this.files.reserve(args.filename, args.length);
    return { upload_url: `${this.options.origin}/upload/v1/${fileId}`, file_id: fileId };
  }

  private completeUpload(args: ApiArgs): ApiArgs {
    const channel = optionalString(args.channel_id) ? this.directory.resolveChannel(args.channel_id) : undefined;
    // A bot with chat:write.public posts to a public channel it is not in, but cannot share a file there.
    if (channel && this.directory.channel(channel)?.botMember === false) throw new SlackApiError('not_in_channel');
    const threadTs = optionalString(args.thread_ts);
    const initialComment = optionalString(args.initial_comment);
    const files = this.files.complete(args.files, {
      ...(channel ? { channel } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(initialComment ? { initialComment } : {}),
    });
    const refs = files.map((file) => ({
      id: file.id,
      name: file.filename,
      title: file.title,
      mimetype: file.mimetype,
      size: file.bytes.length,
    }));
    if (channel) {
      // Sharing a file posts a message carrying it, as in Slack.
      this.messages.add({
        channel,
        ts: this.messages.nextTs(),
        text: initialComment ?? '',
        blocks: [],
        user: this.app.userId,
        bot_id: this.app.botId,
        files: refs,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    }
    return { files: refs.map((ref) => ({ ...ref, channels: channel ? [channel] : [] })) };
  }
}

function refusal(error: string): ApiAnswer {
  return { status: 200, body: { ok: false, error } };
}
