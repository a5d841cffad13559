import type { AddressInfo } from 'node:net';
import { createServer, type Server, Socket } from 'node:net';

export interface FreezableRedisProxy {
  url: string;
  /** From now on Redis's answers are held back, as when Redis stalls: commands are sent and never answered. */
  freeze(): void;
  /** How many answers are held back: more than none means a caller is waiting on Redis. */
  held(): number;
  /** Delivers every held answer and passes the next ones straight through. */
  thaw(): void;
  close(): Promise<void>;
}

/** A TCP proxy in front of the suite's real Redis that can stop answering, so a test can watch a caller waiting. */
export async function startFreezableRedisProxy(redisUrl: string): Promise<FreezableRedisProxy> {
  const target = new URL(redisUrl);
  let frozen = false;
  const held: { socket: Socket; data: Buffer }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket().connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => (frozen ? held.push({ socket: client, data }) : client.write(data)));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    freeze: () => {
      frozen = true;
    },
    held: () => held.length,
    thaw: () => {
      frozen = false;
      for (const { socket, data } of held.splice(0)) if (!socket.destroyed) socket.write(data);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
