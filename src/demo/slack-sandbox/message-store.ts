/**
 * Messages and ephemeral messages by channel, with Slack's thread bookkeeping (a parent's `reply_count` and
 * `latest_reply`). Timestamps are Slack's `seconds.micros` strings taken from the clock, strictly increasing, so they
 * both order messages and say when they were posted.
 */
import type { WorkspaceEphemeral, WorkspaceMessage } from './workspace-model.ts';

export class MessageStore {
  private readonly byChannel = new Map<string, WorkspaceMessage[]>();
  private readonly ephemeralMessages: WorkspaceEphemeral[] = [];
  private lastMicros = 0;

  constructor(private readonly now: () => number) {}

  /** The next message timestamp: now, in microseconds, but always after the previous one. */
  nextTs(): string {
    this.lastMicros = Math.max(this.now() * 1000, this.lastMicros + 1);
    return `${Math.floor(this.lastMicros / 1_000_000)}.${String(this.lastMicros % 1_000_000).padStart(6, '0')}`;
  }

  add(message: WorkspaceMessage): WorkspaceMessage {
    if (message.thread_ts && message.thread_ts !== message.ts) {
      const parent = this.find(message.channel, message.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.latest_reply = message.ts;
      }
    }
    const list = this.byChannel.get(message.channel) ?? [];
    list.push(message);
    this.byChannel.set(message.channel, list);
    return message;
  }

  find(channel: string, ts: string): WorkspaceMessage | undefined {
    return this.byChannel.get(channel)?.find((message) => message.ts === ts);
  }

  /** Removes a message; a thread parent's replies go with it, as in Slack. */
  remove(channel: string, ts: string): boolean {
    const list = this.byChannel.get(channel);
    const message = list?.find((candidate) => candidate.ts === ts);
    if (!list || !message) return false;
    const kept = list.filter((candidate) => candidate.ts !== ts && candidate.thread_ts !== ts);
    if (message.thread_ts && message.thread_ts !== ts) {
      const parent = this.find(channel, message.thread_ts);
      if (parent?.reply_count) parent.reply_count -= 1;
    }
    this.byChannel.set(channel, kept);
    return true;
  }

  /** A channel's messages in posting order, thread replies included (they carry `thread_ts`). */
  list(channel: string): readonly WorkspaceMessage[] {
    return this.byChannel.get(channel) ?? [];
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  addEphemeral(message: WorkspaceEphemeral): WorkspaceEphemeral {
    this.ephemeralMessages.push(message);
    return message;
  }

  findEphemeral(user: string, ts: string): WorkspaceEphemeral | undefined {
    return this.ephemeralMessages.find((message) => message.user === user && message.ts === ts);
  }

  removeEphemeral(user: string, ts: string): boolean {
    const index = this.ephemeralMessages.findIndex((message) => message.user === user && message.ts === ts);
    if (index < 0) return false;
    this.ephemeralMessages.splice(index, 1);
    return true;
  }

  /** Every message, for saving the workspace between runs (ephemerals are left out: Slack forgets them too). */
  saved(): { messages: WorkspaceMessage[]; lastMicros: number } {
    return { messages: [...this.byChannel.values()].flat(), lastMicros: this.lastMicros };
  }

  restore(saved: { messages: WorkspaceMessage[]; lastMicros: number }): void {
    for (const message of saved.messages) {
      const list = this.byChannel.get(message.channel) ?? [];
      list.push(message);
      this.byChannel.set(message.channel, list);
    }
    this.lastMicros = Math.max(this.lastMicros, saved.lastMicros);
  }

  ephemerals(filter: { channel?: string; user?: string } = {}): readonly WorkspaceEphemeral[] {
    return this.ephemeralMessages.filter(
      (message) =>
        (filter.channel === undefined || message.channel === filter.channel) &&
        (filter.user === undefined || message.user === filter.user),
    );
  }
}
