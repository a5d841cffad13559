/**
 * Requests to the app exactly as Slack sends them: signed with the signing secret
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack), slash commands form-encoded, interactions
 * as a form field `payload` holding JSON.
 */
import { createHmac } from 'node:crypto';

export const TEAM_ID = 'T0FAKETEAM';
export const TEAM_DOMAIN = 'fake-team';
export const API_APP_ID = 'A0GRANTDESK';
/** The deprecated verification token Slack still sends; Bolt ignores it in favour of the signature. */
export const VERIFICATION_TOKEN = 'fake-verification-token';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Slack's signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`; timestamp in seconds, default now. */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

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
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: command.team_id ?? TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: command.channel_id ?? 'C0GENERAL',
    channel_name: command.channel_name ?? 'general',
    user_id: command.user_id,
    user_name: command.user_name ?? command.user_id.toLowerCase(),
    command: command.command ?? '/grant',
    text: command.text ?? '',
    api_app_id: API_APP_ID,
    is_enterprise_install: 'false',
    response_url: command.response_url ?? `https://hooks.slack.com/commands/${TEAM_ID}/1/fake`,
    trigger_id: command.trigger_id ?? `${Date.now()}.1.fake`,
  }).toString();
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
  const teamId = input.team_id ?? TEAM_ID;
  const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
  const where = input.view
    ? {
        container: { type: 'view', view_id: input.view.id },
        view: viewPayload({ ...input.view, type: input.view.type ?? 'home', state: {} }, teamId),
      }
    : {
        container: {
          type: 'message',
          message_ts: input.message?.ts ?? '1700000000.000100',
          channel_id: input.message?.channel ?? 'C0APPROVERS',
          is_ephemeral: false,
        },
        channel: { id: input.message?.channel ?? 'C0APPROVERS', name: 'approvers' },
        message: {
          type: 'message',
          user: 'U0GRANTBOT',
          bot_id: 'B0GRANTBOT',
          app_id: API_APP_ID,
          ts: input.message?.ts ?? '1700000000.000100',
          text: input.message?.text ?? '',
          blocks: input.message?.blocks ?? [],
          team: teamId,
          ...(input.message?.thread_ts ? { thread_ts: input.message.thread_ts } : {}),
          ...(input.message?.reply_count ? { reply_count: input.message.reply_count } : {}),
        },
        response_url: input.response_url ?? `https://hooks.slack.com/actions/${teamId}/1/fake`,
      };
  return payloadBody({
    type: 'block_actions',
    user: userPayload(input.user, teamId),
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.trigger_id ?? `${Date.now()}.1.fake`,
    team: { id: teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    ...where,
    state: { values: {} },
    actions: input.actions.map((action) => ({
      type: 'button',
      action_id: action.action_id,
      block_id: action.block_id ?? 'actions',
      text: { type: 'plain_text', text: action.text ?? action.action_id, emoji: true },
      ...(action.value !== undefined ? { value: action.value } : {}),
      action_ts: actionTs,
    })),
  });
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
  const teamId = input.team_id ?? TEAM_ID;
  return payloadBody({
    type: 'view_submission',
    team: { id: teamId, domain: TEAM_DOMAIN },
    user: userPayload(input.user, teamId),
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.trigger_id ?? `${Date.now()}.1.fake`,
    view: viewPayload(
      {
        id: input.view.id ?? 'V00000001',
        type: 'modal',
        callback_id: input.view.callback_id,
        private_metadata: input.view.private_metadata ?? '',
        blocks: input.view.blocks ?? [],
        state: input.view.values,
      },
      teamId,
    ),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
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

export interface PostOptions {
  /** Slack's redelivery count; sent with `X-Slack-Retry-Reason` when set. */
  retryNum?: number;
  retryReason?: string;
  /** Seconds since the epoch to sign with (e.g. an old one, to test replay protection). */
  timestamp?: number;
  path?: string;
  /** Events API callbacks are JSON; commands and interactions are form-encoded (the default). */
  contentType?: string;
}

/** POSTs a body to the app's Slack endpoint (`/slack/events` by default) the way Slack does. */
export async function postToSlackEndpoint(
  appUrl: string,
  body: string,
  secret: string,
  options: PostOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(secret, body, options.timestamp),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return fetch(new URL(options.path ?? '/slack/events', appUrl), { method: 'POST', headers, body });
}

/**
 * An Events API `event_callback` for app_home_opened, JSON as Slack posts it
 * (https://docs.slack.dev/reference/events/app_home_opened). Send with `contentType: 'application/json'`.
 */
export function appHomeOpenedBody(
  userId: string,
  options: { eventId?: string; tab?: 'home' | 'messages' } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    api_app_id: API_APP_ID,
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: `D${userId.replace(/^[UW]/, '')}`,
      tab: options.tab ?? 'home',
      event_ts: `${now}.000100`,
    },
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: now,
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: 'U0GRANTBOT', is_bot: true }],
    is_ext_shared_channel: false,
  });
}

function payloadBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function userPayload(user: { id: string; username?: string }, teamId: string) {
  const username = user.username ?? user.id.toLowerCase();
  return { id: user.id, username, name: username, team_id: teamId };
}

function viewPayload(
  view: {
    id: string;
    type: string;
    callback_id?: string;
    private_metadata?: string;
    blocks?: unknown[];
    state: Record<string, unknown>;
  },
  teamId: string,
) {
  return {
    id: view.id,
    team_id: teamId,
    type: view.type,
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    state: { values: view.state },
    hash: '1700000000.fakehash',
    title: { type: 'plain_text', text: 'Grantdesk', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: view.type === 'modal' ? { type: 'plain_text', text: 'Cancel', emoji: true } : null,
    submit: view.type === 'modal' ? { type: 'plain_text', text: 'Submit', emoji: true } : null,
    previous_view_id: null,
    root_view_id: view.id,
    app_id: API_APP_ID,
    external_id: '',
    app_installed_team_id: teamId,
    bot_id: 'B0GRANTBOT',
  };
}
