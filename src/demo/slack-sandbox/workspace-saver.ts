/**
 * Keeps the pretend workspace in a JSON file between runs, beside the demo's database, so a restarted demo still
 * shows the cards and DMs its grants refer to. Writes are coalesced and atomic (a temporary file, then a rename), so
 * an interrupted write never leaves half a file.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { FileStore } from './file-store.ts';
import type { MessageStore } from './message-store.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import type { ViewRegistry } from './view-registry.ts';
import type { WorkspaceChannel } from './workspace-model.ts';

interface SavedWorkspace {
  version: 1;
  dms: WorkspaceChannel[];
  messages: ReturnType<MessageStore['saved']>;
  files: ReturnType<FileStore['saved']>;
  views: ReturnType<ViewRegistry['saved']>;
}

/** Long enough to write once per burst of Web API calls, short enough to lose little on a hard kill. */
const SAVE_DELAY_MS = 1000;

export class WorkspaceSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly workspace: SlackWorkspace,
    private readonly path: string,
  ) {}

  /** Restores what the file holds; a missing or unreadable file starts the workspace empty. */
  async load(): Promise<void> {
    const text = await readFile(this.path, 'utf8').catch(() => undefined);
    if (!text) return;
    try {
      restore(this.workspace, JSON.parse(text) as SavedWorkspace);
    } catch {
      // A file from another version of the sandbox: start afresh rather than fail the demo.
    }
  }

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  /** Writes now (at shutdown), after any write already under way. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const temporary = `${this.path}.tmp`;
      await writeFile(temporary, JSON.stringify(saved(this.workspace)));
      await rename(temporary, this.path);
    });
    return this.writing.catch(() => undefined);
  }
}

/** What outlives a restart, as JSON: messages and threads, DMs, files and Home tabs. */
function saved(workspace: SlackWorkspace): SavedWorkspace {
  return {
    version: 1,
    dms: workspace.directory.allChannels().filter((channel) => channel.kind === 'im'),
    messages: workspace.messages.saved(),
    files: workspace.files.saved(),
    views: workspace.views.saved(),
  };
}

function restore(workspace: SlackWorkspace, saved: SavedWorkspace): void {
  if (saved.version !== 1) return;
  for (const dm of saved.dms) workspace.directory.addChannel(dm);
  workspace.messages.restore(saved.messages);
  workspace.files.restore(saved.files);
  workspace.views.restore(saved.views);
}
