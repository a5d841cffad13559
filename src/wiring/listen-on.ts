import type { Server } from 'node:http';
import type express from 'express';
import { keepConnectionsAlive } from '../http/keep-alive.ts';
import type { ShutdownStack } from './shutdown-stack.ts';

/** Serves `app` on `port` (0: any free one) until shutdown; resolves with the port it listens on. */
export async function listenOn(app: express.Express, port: number, shutdown: ShutdownStack): Promise<number> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = keepConnectionsAlive(
      app.listen(port, (error?: Error) => (error ? reject(error) : resolve(listening))),
    );
  });
  shutdown.add(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until their clients leave.
        server.closeIdleConnections();
      }),
  );
  return (server.address() as { port: number }).port;
}
