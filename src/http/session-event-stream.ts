import type { Request, Response } from 'express';
import type { ConsoleEvent } from '../app/session-events.ts';
import { lastEventId } from './session-schemas.ts';

/** DESIGN.md §5: a comment line every 15 s keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** Without a notification (another process's change, a lost LISTEN connection) the stream still looks this often. */
const POLL_MS = 1_000;
const PAGE = 100;

export interface StreamSource {
  read(afterSeq: number, limit: number): Promise<ConsoleEvent[]>;
  /** Calls `listener` whenever a session may have changed; returns how to stop. */
  subscribe?(listener: () => void): () => void;
}

/** `Last-Event-ID` (or `?lastEventId=` for clients that cannot set headers): the last audit seq the console saw. */
export function lastEventIdOf(req: Request): number | null {
  const parsed = lastEventId.safeParse(req.get('last-event-id') ?? req.query.lastEventId);
  return parsed.success ? parsed.data : null;
}

/**
 * Serves one Server-Sent Events connection: every event after `afterSeq`, then each new one as it commits, with
 * `id:` the audit seq, so a console that reconnects with Last-Event-ID resumes exactly where it left off.
 */
export async function serveEventStream(
  req: Request,
  res: Response,
  options: { source: StreamSource; afterSeq: number; heartbeatMs?: number },
): Promise<void> {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 1000\n\n');
  let open = true;
  let wake: (() => void) | null = null;
  let changed = false;
  const poke = () => {
    changed = true;
    wake?.();
  };
  const unsubscribe = options.source.subscribe?.(poke) ?? (() => undefined);
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);
  req.on('close', () => {
    open = false;
    poke();
  });
  let after = options.afterSeq;
  try {
    while (open) {
      changed = false;
      const events = await options.source.read(after, PAGE);
      for (const event of events) {
        res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.session)}\n\n`);
        after = event.id;
      }
      if (events.length === PAGE || changed || !open) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  }
}
