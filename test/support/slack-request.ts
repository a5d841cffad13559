/**
 * Requests to the app exactly as Slack sends them, for tests: thin shapes over the sandbox's own builders
 * (src/demo/slack-sandbox/interaction-payloads.ts) and its signed-request client (slack-app-client.ts), so the demo
 * and the tests send the app one and the same thing. Defaults fill in what a test does not care about.
 */
import {
  type ActionContainer,
  type AppAddress,
  appHomeOpened,
  blockActions,
  slashCommand,
  viewSubmission,
} from '../../src/demo/slack-sandbox/interaction-payloads.ts';
import { type DeliveryOptions, deliverToApp } from '../../src/demo/slack-sandbox/slack-app-client.ts';
import { viewRecord } from '../../src/demo/slack-sandbox/view-registry.ts';
import { DEFAULT_APP, type WorkspacePerson } from '../../src/demo/slack-sandbox/workspace-model.ts';
import { FAKE_TEAM } from '../fakes/fake-slack.ts';

export { type SlackSignatureHeaders, signSlackRequest } from '../../src/demo/slack-sandbox/slack-app-client.ts';

const APPROVERS = { id: 'C0APPROVERS', name: 'approvers' };
const SOME_TS = '1700000000.000100';

export interface SlashCommand {
  command?: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  trigger_id?: string;
  response_url?: string;
  team_id?: string;
}

/** A slash command's body, form-encoded in the field order Slack uses. */
export function slashCommandBody(command: SlashCommand): string {
  return slashCommand(addressOf(command.team_id), {
    person: personOf({ id: command.user_id, ...(command.user_name ? { username: command.user_name } : {}) }),
    channel: { id: command.channel_id ?? 'C0GENERAL', name: command.channel_name ?? 'general' },
    command: command.command ?? '/grant',
    text: command.text ?? '',
    triggerId: command.trigger_id ?? fakeTriggerId(),
    responseUrl: command.response_url ?? `https://hooks.slack.com/commands/${FAKE_TEAM.id}/1/fake`,
  }).body;
}

export interface ClickedButton {
  action_id: string;
  value?: string;
  block_id?: string;
  text?: string;
}

export interface BlockActionsInput {
  user: { id: string; username?: string };
  actions: ClickedButton[];
  trigger_id?: string;
  response_url?: string;
  team_id?: string;
  /** Where the button was: a message (channel card, DM) … */
  message?: {
    channel: string;
    ts: string;
    text?: string;
    blocks?: unknown[];
    thread_ts?: string;
    reply_count?: number;
  };
  /** … or a view (App Home, a modal). */
  view?: { id: string; type?: 'home' | 'modal'; callback_id?: string; private_metadata?: string; blocks?: unknown[] };
}

/** A `block_actions` interaction body: `payload=<url-encoded JSON>` with the fields Slack sends. */
export function blockActionsBody(input: BlockActionsInput): string {
  const address = addressOf(input.team_id);
  const person = personOf(input.user);
  const container: ActionContainer = input.view
    ? { type: 'view', view: viewOf({ ...input.view, type: input.view.type ?? 'home' }, person.id), values: {} }
    : messageContainer(input, address);
  return blockActions(address, {
    person,
    triggerId: input.trigger_id ?? fakeTriggerId(),
    container,
    actions: input.actions.map((action) => ({
      type: 'button',
      action_id: action.action_id,
      block_id: action.block_id ?? 'actions',
      text: { type: 'plain_text', text: action.text ?? action.action_id, emoji: true },
      ...(action.value !== undefined ? { value: action.value } : {}),
    })),
  }).body;
}

export interface ViewSubmissionInput {
  user: { id: string; username?: string };
  view: {
    id?: string;
    callback_id: string;
    private_metadata?: string;
    /** `state.values`: `{ [block_id]: { [action_id]: { type, value | selected_option } } }`. */
    values: Record<string, Record<string, unknown>>;
    blocks?: unknown[];
  };
  trigger_id?: string;
  team_id?: string;
}

/** A `view_submission` interaction body: `payload=<url-encoded JSON>` with the fields Slack sends. */
export function viewSubmissionBody(input: ViewSubmissionInput): string {
  const person = personOf(input.user);
  const { values, ...view } = input.view;
  return viewSubmission(addressOf(input.team_id), {
    person,
    triggerId: input.trigger_id ?? fakeTriggerId(),
    view: viewOf({ ...view, id: view.id ?? 'V00000001', type: 'modal' }, person.id),
    values,
  }).body;
}

/** A plain_text_input's submitted state. */
export function textValue(value: string | null): { type: 'plain_text_input'; value: string | null } {
  return { type: 'plain_text_input', value };
}

/** A static_select's submitted state. */
export function selectedValue(value: string, text = value) {
  return {
    type: 'static_select' as const,
    selected_option: { text: { type: 'plain_text' as const, text, emoji: true }, value },
  };
}

export interface PostOptions extends Omit<DeliveryOptions, 'signal'> {
  path?: string;
  /** Events API callbacks are JSON; commands and interactions are form-encoded (the default). */
  contentType?: string;
}

/** POSTs a body to the app's Slack endpoint (`/slack/events` by default) the way Slack does. */
export function postToSlackEndpoint(
  appUrl: string,
  body: string,
  secret: string,
  options: PostOptions = {},
): Promise<Response> {
  const { path, contentType, ...delivery } = options;
  const signed = { contentType: contentType ?? 'application/x-www-form-urlencoded', body };
  return deliverToApp(new URL(path ?? '/slack/events', appUrl), signed, secret, delivery);
}

/**
 * An Events API `event_callback` for app_home_opened, JSON as Slack posts it
 * (https://docs.slack.dev/reference/events/app_home_opened). Send with `contentType: 'application/json'`.
 */
export function appHomeOpenedBody(
  userId: string,
  options: { eventId?: string; tab?: 'home' | 'messages' } = {},
): string {
  return appHomeOpened(addressOf(), {
    person: personOf({ id: userId }),
    channel: `D${userId.replace(/^[UW]/, '')}`,
    view: undefined,
    ...options,
  }).body;
}

function addressOf(teamId = FAKE_TEAM.id): AppAddress {
  return { team: { ...FAKE_TEAM, id: teamId }, appId: DEFAULT_APP.appId, botUserId: DEFAULT_APP.userId };
}

function personOf(user: { id: string; username?: string }): WorkspacePerson {
  const name = user.username ?? user.id.toLowerCase();
  return { id: user.id, name, realName: name };
}

function fakeTriggerId(): string {
  return `${Date.now()}.1.fake`;
}

function viewOf(view: NonNullable<BlockActionsInput['view']> & { type: 'home' | 'modal' }, userId: string) {
  const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
  const modal = view.type === 'modal';
  const shown = {
    ...view,
    title: plain('Grantdesk'),
    ...(modal ? { close: plain('Cancel'), submit: plain('Submit') } : {}),
  };
  const owner = { teamId: FAKE_TEAM.id, appId: DEFAULT_APP.appId, botId: DEFAULT_APP.botId };
  const place = { id: view.id, userId, previousViewId: null, rootViewId: view.id, hash: '1700000000.fakehash' };
  return viewRecord(owner, shown, place);
}

function messageContainer(input: BlockActionsInput, address: AppAddress): ActionContainer {
  const message = input.message;
  const channel = message?.channel ?? APPROVERS.id;
  const ts = message?.ts ?? SOME_TS;
  return {
    type: 'message',
    channel: { id: channel, name: channel === APPROVERS.id ? APPROVERS.name : channel.toLowerCase() },
    message: {
      type: 'message',
      user: DEFAULT_APP.userId,
      bot_id: DEFAULT_APP.botId,
      app_id: address.appId,
      ts,
      text: message?.text ?? '',
      blocks: message?.blocks ?? [],
      team: address.team.id,
      ...(message?.thread_ts ? { thread_ts: message.thread_ts } : {}),
      ...(message?.reply_count ? { reply_count: message.reply_count } : {}),
    },
    ephemeral: false,
    responseUrl: input.response_url ?? `https://hooks.slack.com/actions/${address.team.id}/1/fake`,
  };
}
