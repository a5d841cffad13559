/**
 * What one person sees in the sandbox page: the workspace's channels, their own DM with the app (and no one else's),
 * ephemerals meant for them, their Home tab and open modal. The page renders from this alone; it is sent again
 * (over Server-Sent Events) after every change.
 */
import type { DemoActionState } from './demo-action.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import type { WorkspaceMessage, WorkspaceView } from './workspace-model.ts';

export interface ViewerSnapshot {
  me: string;
  team: { name: string; domain: string };
  app: { userId: string; name: string };
  people: { id: string; name: string; realName: string; title: string }[];
  channels: { id: string; name: string; kind: 'channel' | 'im'; topic: string }[];
  messages: Record<string, SnapshotMessage[]>;
  ephemerals: { channel: string; ts: string; text: string; blocks: unknown[]; thread_ts?: string }[];
  home: WorkspaceView | null;
  modal: { view: WorkspaceView; depth: number } | null;
  demoActions: DemoActionState[];
  /** Whether the app is reachable yet (it starts after the sandbox). */
  appConnected: boolean;
}

type SnapshotMessage = Omit<WorkspaceMessage, 'files'> & {
  files?: { id: string; name: string; title: string; mimetype: string; size: number; url: string }[];
};

export function viewerSnapshot(
  workspace: SlackWorkspace,
  viewerId: string,
  extra: { demoActions: DemoActionState[]; appConnected: boolean },
): ViewerSnapshot {
  const dm = workspace.directory.dmChannelOf(viewerId);
  const channels = workspace.directory
    .allChannels()
    .filter((channel) => channel.kind === 'channel')
    .map((channel) => ({ id: channel.id, name: channel.name, kind: channel.kind, topic: channel.topic ?? '' }));
  channels.push({ id: dm, name: workspace.app.name, kind: 'im', topic: '' });
  const messages: Record<string, SnapshotMessage[]> = {};
  for (const channel of channels) messages[channel.id] = workspace.messages.list(channel.id).map(withFileUrls);
  const modal = workspace.views.topModal(viewerId);
  return {
    me: viewerId,
    team: { name: workspace.team.name, domain: workspace.team.domain },
    app: { userId: workspace.app.userId, name: workspace.app.name },
    people: workspace.directory.allPeople().map((person) => ({
      id: person.id,
      name: person.name,
      realName: person.realName,
      title: person.title ?? '',
    })),
    channels,
    messages,
    ephemerals: workspace.messages.ephemerals({ user: viewerId }).map(({ user: _, ...shown }) => shown),
    home: workspace.views.home(viewerId) ?? null,
    modal: modal ? { view: modal, depth: workspace.views.modalDepth(viewerId) } : null,
    ...extra,
  };
}

function withFileUrls(message: WorkspaceMessage): SnapshotMessage {
  if (!message.files) return message as SnapshotMessage;
  return {
    ...message,
    files: message.files.map((file) => ({ ...file, url: `/sandbox/files/${encodeURIComponent(file.id)}` })),
  };
}
