/**
 * Server-Sent Events to the open sandbox pages: after a change, each page gets a fresh snapshot of what its viewer
 * sees. Changes come in bursts (a use case posts a card, DMs and replies in a thread), so pushes are coalesced.
 */
import type { ServerResponse } from 'node:http';

/** Long enough to merge a burst of Web API calls, short enough to feel live. */
const COALESCE_MS = 60;
/** Proxies and browsers drop idle streams; a comment line every so often keeps them open. */
const KEEPALIVE_MS = 15_000;
/** How soon a page retries once the stream drops (the sandbox restarting): sooner than the browser's default. */
const RETRY_MS = 1000;

interface Subscriber {
  viewerId: string;
  response: ServerResponse;
}

export class LiveUpdates {
  private readonly subscribers = new Set<Subscriber>();
  private pending: NodeJS.Timeout | undefined;
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly snapshotFor: (viewerId: string) => unknown) {
    this.keepalive = setInterval(() => {
      for (const { response } of this.subscribers) response.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  subscribe(viewerId: string, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const subscriber = { viewerId, response };
    this.subscribers.add(subscriber);
    response.on('close', () => this.subscribers.delete(subscriber));
    this.send(subscriber, `retry: ${RETRY_MS}\n`);
  }

  /** Something changed: every page gets its viewer's snapshot, once per burst. */
  changed(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      for (const subscriber of this.subscribers) this.send(subscriber);
    }, COALESCE_MS);
  }

  close(): void {
    clearInterval(this.keepalive);
    clearTimeout(this.pending);
    for (const { response } of this.subscribers) response.end();
    this.subscribers.clear();
  }

  private send({ viewerId, response }: Subscriber, fields = ''): void {
    response.write(`${fields}event: snapshot\ndata: ${JSON.stringify(this.snapshotFor(viewerId))}\n\n`);
  }
}
