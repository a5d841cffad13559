/**
 * The chat.* methods (post, update, delete, ephemeral, permalink) over the workspace's messages, and replies to
 * commands and interactions (response_url posts, a slash command's HTTP answer), with Slack's rules: only the app's
 * own messages can be edited or deleted, and text and blocks are checked as Slack checks them.
 */
import type { MessageStore } from './message-store.ts';
import type { ResponseContext } from './response-urls.ts';
import { SlackApiError } from './slack-api-error.ts';
import { checkMessage, optionalString, requiredString } from './web-api-checks.ts';
import type { ApiArgs } from './web-api-request.ts';
import type { AppIdentity, TeamInfo, WorkspaceMessage } from './workspace-model.ts';

/** What the chat methods need to know of the workspace around them. */
export interface ChatScene {
  app: AppIdentity;
  team: TeamInfo;
  /** A channel id, or a person's id for the app's DM with them; throws channel_not_found otherwise. */
  resolveChannel(value: unknown): string;
  isPerson(id: string): boolean;
}

export class ChatMethods {
  constructor(
    private readonly messages: MessageStore,
    private readonly scene: ChatScene,
  ) {}

  postMessage(args: ApiArgs): ApiArgs {
    const channel = this.scene.resolveChannel(args.channel);
    const threadTs = optionalString(args.thread_ts);
    const message = this.messages.add({
      channel,
      ts: this.messages.nextTs(),
      ...checkMessage(args),
      user: this.scene.app.userId,
      bot_id: this.scene.app.botId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { channel, ts: message.ts, message: this.shown(message) };
  }

  update(args: ApiArgs): ApiArgs {
    const channel = this.scene.resolveChannel(args.channel);
    const message = this.messages.find(channel, requiredString(args.ts, 'message_not_found'));
    if (!message) throw new SlackApiError('message_not_found');
    if (message.user !== this.scene.app.userId) throw new SlackApiError('cant_update_message');
    // Slack keeps the old blocks when `blocks` is left out, and the old text when `text` is.
    const { text, blocks } = checkMessage({
      text: args.text ?? (args.blocks === undefined ? message.text : ''),
      blocks: args.blocks ?? message.blocks,
    });
    Object.assign(message, { text, blocks, edited: { user: this.scene.app.userId, ts: this.messages.nextTs() } });
    return { channel, ts: message.ts, text, message: this.shown(message) };
  }

  delete(args: ApiArgs): ApiArgs {
    const channel = this.scene.resolveChannel(args.channel);
    const ts = requiredString(args.ts, 'message_not_found');
    const message = this.messages.find(channel, ts);
    if (!message) throw new SlackApiError('message_not_found');
    if (message.user !== this.scene.app.userId) throw new SlackApiError('cant_delete_message');
    this.messages.remove(channel, ts);
    return { channel, ts };
  }

  postEphemeral(args: ApiArgs): ApiArgs {
    const channel = this.scene.resolveChannel(args.channel);
    const user = requiredString(args.user, 'user_not_found');
    if (!this.scene.isPerson(user)) throw new SlackApiError('user_not_in_channel');
    const threadTs = optionalString(args.thread_ts);
    const ephemeral = this.messages.addEphemeral({
      channel,
      user,
      ts: this.messages.nextTs(),
      ...checkMessage(args),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { message_ts: ephemeral.ts };
  }

  permalink(args: ApiArgs): ApiArgs {
    const channel = this.scene.resolveChannel(args.channel);
    const ts = requiredString(args.message_ts, 'message_not_found');
    if (!this.messages.find(channel, ts)) throw new SlackApiError('message_not_found');
    return {
      channel,
      permalink: `https://${this.scene.team.domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
    };
  }

  /**
   * A reply to a command or interaction, as posted to its response_url or given in the HTTP answer to a slash
   * command: ephemeral by default, `in_channel` on request, or a replacement or deletion of the original message.
   */
  applyResponse(context: ResponseContext, body: ApiArgs): void {
    const flag = (value: unknown) => value === true || value === 'true';
    const { channel, userId, messageTs, ephemeral } = context;
    if (flag(body.delete_original)) {
      if (messageTs && ephemeral) this.messages.removeEphemeral(userId, messageTs);
      else if (messageTs) this.messages.remove(channel, messageTs);
      return;
    }
    const content = checkMessage(body);
    if (flag(body.replace_original) && messageTs) {
      const original = ephemeral
        ? this.messages.findEphemeral(userId, messageTs)
        : this.messages.find(channel, messageTs);
      if (!original) throw new SlackApiError('message_not_found');
      Object.assign(original, content);
      return;
    }
    const threadTs = optionalString(body.thread_ts) ?? context.threadTs;
    const thread = threadTs ? { thread_ts: threadTs } : {};
    if (body.response_type === 'in_channel') {
      const posted = {
        channel,
        ts: this.messages.nextTs(),
        ...content,
        user: this.scene.app.userId,
        bot_id: this.scene.app.botId,
      };
      this.messages.add({ ...posted, ...thread });
    } else {
      this.messages.addEphemeral({ channel, user: userId, ts: this.messages.nextTs(), ...content, ...thread });
    }
  }

  private shown(message: WorkspaceMessage): ApiArgs {
    const { channel: _, ...rest } = message;
    return { type: 'message', app_id: this.scene.app.appId, team: this.scene.team.id, ...structuredClone(rest) };
  }
}
