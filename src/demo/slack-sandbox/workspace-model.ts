/**
 * The pretend Slack workspace's objects, in the shapes Slack's Web API uses for them (snake_case where Slack sends
 * them to clients as is), so what the page and tests read is what the app wrote.
 */

export interface TeamInfo {
  id: string;
  name: string;
  domain: string;
}

/** The app's own identities: its bot user (messages are posted as it), bot id and app id. */
export interface AppIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface WorkspacePerson {
  id: string;
  /** The handle, `riley`. */
  name: string;
  realName: string;
  /** The profile's title, e.g. "Support engineer". */
  title?: string;
  email?: string | null;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface WorkspaceChannel {
  id: string;
  /** Without the `#`. For a DM, the person's handle. */
  name: string;
  kind: 'channel' | 'im';
  /** For a DM with the app: whose it is. */
  userId?: string;
  /** False for a public channel the app posts to (chat:write.public) without being in it. */
  botMember?: boolean;
  topic?: string;
}

/** A file shared into a message, as messages reference it. */
export interface SharedFileRef {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
}

export interface WorkspaceMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  /** The poster: the bot user or a person. */
  user: string;
  bot_id?: string;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  files?: SharedFileRef[];
}

export interface WorkspaceEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
}

/** A modal or Home tab as views.open / views.publish store it and Slack returns it. */
export interface WorkspaceView {
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
  previous_view_id: string | null;
  notify_on_close: boolean;
  clear_on_close: boolean;
  app_id: string;
  bot_id: string;
  /** Whose modal or Home tab this is. */
  user_id: string;
}

export interface WorkspaceFile {
  id: string;
  filename: string;
  title: string;
  mimetype: string;
  bytes: Buffer;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

/** One Web API call as the workspace answered it: arguments as Slack read them (JSON fields parsed, token left out). */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: Date;
  ok: boolean;
  error?: string;
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

/** One post to a response_url, as the app sent it. */
export interface RecordedResponse {
  url: string;
  body: Record<string, unknown>;
  at: Date;
}
