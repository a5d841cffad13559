/**
 * What Slack sends an app, field for field: slash commands form-encoded
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling), interactions as a form
 * field `payload` holding JSON (https://docs.slack.dev/reference/interaction-payloads), and events as a JSON
 * `event_callback` envelope (https://docs.slack.dev/apis/events-api#callback-field).
 */
import { randomBytes } from 'node:crypto';
import type { TeamInfo, WorkspacePerson, WorkspaceView } from './workspace-model.ts';

/** The deprecated verification token Slack still sends alongside the signature; Bolt ignores it. */
const VERIFICATION_TOKEN = 'sandbox-verification-token';

export interface AppAddress {
  team: TeamInfo;
  appId: string;
  botUserId: string;
}

export interface SignedBody {
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  body: string;
}

const form = (fields: Record<string, string>): SignedBody => ({
  contentType: 'application/x-www-form-urlencoded',
  body: new URLSearchParams(fields).toString(),
});

const payload = (value: Record<string, unknown>): SignedBody => form({ payload: JSON.stringify(value) });

const userOf = (person: WorkspacePerson, teamId: string) => ({
  id: person.id,
  username: person.name,
  name: person.name,
  team_id: teamId,
});

/** The fields every interaction payload opens with. */
const interaction = (type: string, address: AppAddress, person: WorkspacePerson) => ({
  type,
  team: { id: address.team.id, domain: address.team.domain },
  user: userOf(person, address.team.id),
  api_app_id: address.appId,
  token: VERIFICATION_TOKEN,
});

/** Slack's `action_ts`/`event_ts`: seconds with microseconds. */
const nowTs = () => (Date.now() / 1000).toFixed(6);

export function slashCommand(
  address: AppAddress,
  input: {
    person: WorkspacePerson;
    channel: { id: string; name: string };
    command: string;
    text: string;
    triggerId: string;
    responseUrl: string;
  },
): SignedBody {
  return form({
    token: VERIFICATION_TOKEN,
    team_id: address.team.id,
    team_domain: address.team.domain,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: input.person.id,
    user_name: input.person.name,
    command: input.command,
    text: input.text,
    api_app_id: address.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  });
}

/** Where a clicked element sits: a message in a channel (ephemeral or not), or a view (modal or Home tab). */
export type ActionContainer =
  | {
      type: 'message';
      channel: { id: string; name: string };
      message: Record<string, unknown> & { ts: string };
      ephemeral: boolean;
      responseUrl: string;
    }
  | { type: 'view'; view: WorkspaceView; values: Record<string, unknown> };

export function blockActions(
  address: AppAddress,
  input: {
    person: WorkspacePerson;
    triggerId: string;
    container: ActionContainer;
    actions: readonly Record<string, unknown>[];
  },
): SignedBody {
  const { container } = input;
  const where =
    container.type === 'view'
      ? {
          container: { type: 'view', view_id: container.view.id },
          view: viewWithState(container.view, container.values),
          state: { values: container.values },
        }
      : {
          container: {
            type: 'message',
            message_ts: container.message.ts,
            channel_id: container.channel.id,
            is_ephemeral: container.ephemeral,
          },
          channel: container.channel,
          // Slack leaves the message out for ephemeral ones: the app never stored them.
          ...(container.ephemeral ? {} : { message: container.message }),
          state: { values: {} },
          response_url: container.responseUrl,
        };
  return payload({
    type: 'block_actions',
    user: userOf(input.person, address.team.id),
    api_app_id: address.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    team: { id: address.team.id, domain: address.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    ...where,
    actions: input.actions.map((action) => ({ ...action, action_ts: nowTs() })),
  });
}

export function viewSubmission(
  address: AppAddress,
  input: { person: WorkspacePerson; triggerId: string; view: WorkspaceView; values: Record<string, unknown> },
): SignedBody {
  return payload({
    ...interaction('view_submission', address, input.person),
    trigger_id: input.triggerId,
    view: viewWithState(input.view, input.values),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

export function viewClosed(address: AppAddress, input: { person: WorkspacePerson; view: WorkspaceView }): SignedBody {
  return payload({
    ...interaction('view_closed', address, input.person),
    view: viewWithState(input.view, {}),
    is_cleared: false,
    is_enterprise_install: false,
    enterprise: null,
  });
}

export function appHomeOpened(
  address: AppAddress,
  input: {
    person: WorkspacePerson;
    channel: string;
    view: WorkspaceView | undefined;
    tab?: 'home' | 'messages';
    eventId?: string;
  },
): SignedBody {
  const eventTs = nowTs();
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: VERIFICATION_TOKEN,
      team_id: address.team.id,
      api_app_id: address.appId,
      event: {
        type: 'app_home_opened',
        user: input.person.id,
        channel: input.channel,
        tab: input.tab ?? 'home',
        ...(input.view ? { view: viewWithState(input.view, {}) } : {}),
        event_ts: eventTs,
      },
      type: 'event_callback',
      event_id: input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Number(eventTs)),
      authorizations: [
        {
          enterprise_id: null,
          team_id: address.team.id,
          user_id: address.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    }),
  };
}

function viewWithState(view: WorkspaceView, values: Record<string, unknown>): Record<string, unknown> {
  const { user_id: _, ...shown } = view;
  return {
    ...structuredClone(shown),
    title: view.title ?? { type: 'plain_text', text: '', emoji: true },
    close: view.close ?? null,
    submit: view.submit ?? null,
    state: { values },
    app_installed_team_id: view.team_id,
  };
}
