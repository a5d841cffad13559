import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import { keepConnectionsAlive } from '../http/keep-alive.ts';
import type { ShutdownStack } from './shutdown-stack.ts';

/**
 * Serves `app` (an Express app, or any request listener) on `port` (0: any free one) until shutdown; resolves with the
 * port it listens on.
 */
export async function listenOn(app: RequestListener, port: number, shutdown: ShutdownStack): Promise<number> {
  const server = keepConnectionsAlive(createServer(app));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const open = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    open.add(response);
    response.on('close', () => open.delete(response));
  });
  shutdown.add(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until their clients leave.
        server.closeIdleConnections();
        // So would an event stream, which never finishes by itself: it is cut, and its console reconnects (to another
        // replica, or to this one restarted) with Last-Event-ID, missing nothing. Other requests finish first.
        for (const response of open) {
          if (String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) response.destroy();
        }
      }),
  );
  return (server.address() as { port: number }).port;
}
