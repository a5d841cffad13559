import type { SessionEvent, SessionEventType } from './api-types.js';
import type { GrantdeskClient } from './grantdesk-client.js';

/** Reconnect quickly at first (a restarted Grantdesk is usually back within a second), then every 5 s at most. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;
/** Grantdesk sends a heartbeat every 15 s (DESIGN.md §5): three missed mean the connection is dead, not idle. */
const SILENCE_MS = 45_000;
const TYPES = new Set<string>(['session.started', 'session.extended', 'session.ended']);

export interface SessionEventStreamOptions {
  client: GrantdeskClient;
  onEvent(event: SessionEvent): void;
  /** Told true once the stream is open, false the moment it is lost (the middleware stops trusting its cache). */
  onConnection?(connected: boolean): void;
  /** Resume after this audit seq; by default the stream starts from now. */
  lastEventId?: number | null;
  silenceMs?: number;
}

/**
 * Holds GET /api/v1/impersonation/stream open and hands over each event; reconnects with Last-Event-ID, so a
 * change made while the connection was down arrives once it is back.
 */
export class SessionEventStream {
  private lastEventId: number | null;
  private controller: AbortController | null = null;
  private stopped = false;
  private connected = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: SessionEventStreamOptions) {
    this.lastEventId = options.lastEventId ?? null;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wake?.();
    this.controller?.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.readOnce();
      } catch {
        // Refused, unreachable, or cut: the same for the cache, which stops trusting itself until reconnected.
      }
      this.setConnected(false);
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.retryTimer = setTimeout(resolve, this.retryMs);
      });
      this.retryTimer = null;
      this.wake = null;
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    }
  }

  private async readOnce(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    let silence: NodeJS.Timeout | undefined;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), this.options.silenceMs ?? SILENCE_MS);
    };
    try {
      const response = await this.options.client.streamSessionEvents({
        lastEventId: this.lastEventId,
        signal: controller.signal,
      });
      if (!response.body) return;
      heard();
      this.setConnected(true);
      this.retryMs = FIRST_RETRY_MS;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        heard();
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } finally {
      clearTimeout(silence);
    }
  }

  /** One text/event-stream block: `id:`, `event:`, `data:` lines; comments (heartbeats) carry nothing. */
  private dispatch(block: string): void {
    let id: string | null = null;
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0 || !TYPES.has(type) || id === null) return;
    this.lastEventId = Number(id);
    this.options.onEvent({ id: Number(id), type: type as SessionEventType, session: JSON.parse(data.join('\n')) });
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.options.onConnection?.(connected);
  }
}
