/**
 * What a person does in the sandbox page, turned into what Slack would send the app: a typed `/grant …` becomes a
 * signed slash command, a click a signed `block_actions` payload, a modal's Submit a `view_submission`, opening the
 * Home tab an `app_home_opened` event. The app's answer is then applied as Slack applies it (a command's reply shown
 * ephemerally, a modal closed, updated or given inline errors).
 */

import { type ActionInput, actionOf, findElement } from './action-input.ts';
import {
  type ActionContainer,
  type AppAddress,
  appHomeOpened,
  blockActions,
  slashCommand,
  viewClosed,
  viewSubmission,
} from './interaction-payloads.ts';
import type { AppReply, SlackAppClient } from './slack-app-client.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import { checkedView } from './web-api-checks.ts';
import type { WorkspacePerson } from './workspace-model.ts';

/** What the page is told: done, or a message to show, or (for a modal) errors by block_id to show inline. */
export type InteractionResult = { ok: true } | { ok: false; error: string; errors?: Record<string, string> };

/** Slack's words when a modal's app does not answer in time. */
const MODAL_TROUBLE = 'We had some trouble connecting. Try again?';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class SandboxInteractions {
  private readonly address: AppAddress;

  constructor(
    private readonly workspace: SlackWorkspace,
    private readonly client: SlackAppClient,
    /** The slash commands the app's manifest declares. */
    private readonly commands: readonly string[] = ['/grant'],
  ) {
    this.address = { team: workspace.team, appId: workspace.app.appId, botUserId: workspace.app.userId };
  }

  /** A line typed in the composer: a slash command goes to the app, anything else is posted as the person. */
  async type(userId: string, channelId: string, line: string, threadTs?: string): Promise<InteractionResult> {
    const person = this.personOf(userId);
    const channel = this.workspace.directory.channel(channelId);
    if (!channel) return { ok: false, error: 'That channel does not exist.' };
    const text = line.trim();
    if (text === '') return { ok: true };
    if (!text.startsWith('/')) {
      this.workspace.postAsPerson(person.id, channel.id, text, threadTs);
      return { ok: true };
    }
    const [command = ''] = text.split(/\s/, 1);
    if (!this.commands.includes(command)) {
      const slackSays = 'In Slack, all messages that start with "/" are interpreted as commands.';
      return { ok: false, error: `${command} is not a valid command. ${slackSays}` };
    }
    const context = { userId: person.id, channel: channel.id };
    const body = slashCommand(this.address, {
      person,
      channel: { id: channel.id, name: channel.kind === 'im' ? 'directmessage' : channel.name },
      command,
      text: text.slice(command.length).trim(),
      triggerId: this.workspace.views.issueTrigger(person.id),
      responseUrl: this.workspace.responseUrls.issue('commands', context),
    });
    const reply = await this.client.send(body);
    if (!reply.ok || reply.status !== 200) return failed(command, reply);
    const answer = parseAnswer(reply);
    if (answer && (answer.text !== undefined || answer.blocks !== undefined)) {
      this.workspace.chat.applyResponse(context, answer);
      this.workspace.changed();
    }
    return { ok: true };
  }

  /** A click on a button, or a choice in a select or overflow menu. */
  async act(userId: string, input: ActionInput): Promise<InteractionResult> {
    const person = this.personOf(userId);
    const located = this.locate(person, input);
    if (!located) return { ok: false, error: 'That message or view is no longer there.' };
    const element = findElement(located.blocks, input.blockId, input.actionId);
    if (!element) return { ok: false, error: 'That button is no longer there.' };
    const action = actionOf(element, input);
    if (!action) return { ok: false, error: 'That option is not in the menu.' };
    const body = blockActions(this.address, {
      person,
      triggerId: this.workspace.views.issueTrigger(person.id),
      container: located.container,
      actions: [action],
    });
    const reply = await this.client.send(body);
    // Slack ignores what the app answers to a block action, beyond its arriving in time.
    if (!reply.ok || reply.status !== 200) return failed('That action', reply);
    return { ok: true };
  }

  /** The modal's Submit: closes it, or shows what the app says (`response_action`). */
  async submit(userId: string, viewId: string, values: Record<string, unknown>): Promise<InteractionResult> {
    const person = this.personOf(userId);
    const view = this.workspace.views.topModal(person.id);
    if (!view || view.id !== viewId) return { ok: false, error: 'That modal is no longer open.' };
    const reply = await this.client.send(
      viewSubmission(this.address, {
        person,
        triggerId: this.workspace.views.issueTrigger(person.id),
        view,
        values,
      }),
    );
    if (!reply.ok || reply.status !== 200) return { ok: false, error: MODAL_TROUBLE };
    const result = this.applyViewResponse(person.id, parseAnswer(reply));
    this.workspace.changed();
    return result;
  }

  /** The modal's Cancel (or ×): closes it, and tells the app when the view asked to be told. */
  async close(userId: string, viewId: string): Promise<InteractionResult> {
    const person = this.personOf(userId);
    const view = this.workspace.views.topModal(person.id);
    if (!view || view.id !== viewId) return { ok: true };
    const closed = this.workspace.views.closeModal(person.id, view.clear_on_close);
    this.workspace.changed();
    for (const shut of closed.filter((candidate) => candidate.notify_on_close)) {
      await this.client.send(viewClosed(this.address, { person, view: shut }));
    }
    return { ok: true };
  }

  /** Opening the app's Home tab, which Slack reports with an `app_home_opened` event. */
  async openHome(userId: string): Promise<InteractionResult> {
    const person = this.personOf(userId);
    const reply = await this.client.send(
      appHomeOpened(this.address, {
        person,
        channel: this.workspace.directory.dmChannelOf(person.id),
        view: this.workspace.views.home(person.id),
      }),
    );
    if (!reply.ok || reply.status !== 200) return failed('Opening the Home tab', reply);
    return { ok: true };
  }

  private applyViewResponse(userId: string, answer: Json | undefined): InteractionResult {
    const views = this.workspace.views;
    try {
      switch (answer?.response_action) {
        case 'errors':
          return {
            ok: false,
            error: 'Please correct the errors below.',
            errors: isObject(answer.errors) ? (answer.errors as Record<string, string>) : {},
          };
        case 'update':
          views.replaceTopModal(userId, checkedView(answer.view));
          return { ok: true };
        case 'push':
          views.push(userId, checkedView(answer.view));
          return { ok: true };
        case 'clear':
          views.closeModal(userId, true);
          return { ok: true };
        default:
          views.closeModal(userId);
          return { ok: true };
      }
    } catch (error) {
      return { ok: false, error: `The app answered with a view Slack would refuse: ${(error as Error).message}` };
    }
  }

  private personOf(userId: string): WorkspacePerson {
    const person = this.workspace.directory.person(userId);
    if (!person) throw new Error(`No one in the sandbox has the id ${userId}`);
    return person;
  }

  private locate(
    person: WorkspacePerson,
    input: ActionInput,
  ): { blocks: unknown[]; container: ActionContainer } | undefined {
    const { where } = input;
    if (where.type === 'view') {
      const view = this.workspace.views.find(where.viewId);
      if (!view || view.user_id !== person.id) return undefined;
      return { blocks: view.blocks, container: { type: 'view', view, values: input.values ?? {} } };
    }
    const channel = this.workspace.directory.channel(where.channel);
    if (!channel) return undefined;
    const ephemeral = where.type === 'ephemeral';
    const message = ephemeral
      ? this.workspace.messages.findEphemeral(person.id, where.ts)
      : this.workspace.messages.find(channel.id, where.ts);
    if (!message) return undefined;
    const responseUrl = this.workspace.responseUrls.issue('actions', {
      userId: person.id,
      channel: channel.id,
      messageTs: message.ts,
      ephemeral,
      ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
    });
    const { channel: _, ...shown } = message;
    return {
      blocks: message.blocks,
      container: {
        type: 'message',
        channel: { id: channel.id, name: channel.kind === 'im' ? 'directmessage' : channel.name },
        message: { type: 'message', app_id: this.workspace.app.appId, team: this.workspace.team.id, ...shown },
        ephemeral,
        responseUrl,
      },
    };
  }
}

/** Slack's own wording when an app fails to acknowledge: `/grant failed with the error "operation_timeout"`. */
function failed(what: string, reply: AppReply): InteractionResult {
  const code = reply.ok ? 'dispatch_failed' : reply.error;
  if (code === 'not_connected') return { ok: false, error: 'Grantdesk is starting: try again in a moment.' };
  return { ok: false, error: `${what} failed with the error "${code}"` };
}

/** The app's HTTP answer: JSON when it says so, a plain-text reply otherwise, nothing when empty. */
function parseAnswer(reply: Extract<AppReply, { ok: true }>): Json | undefined {
  if (reply.text.trim() === '') return undefined;
  if (reply.contentType.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(reply.text);
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return { text: reply.text };
}
