import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open: longer than any client keeps one (Node's fetch 4 s, Slack's and
 * load balancers' 60 s or less), so the server never closes a socket a client is just reusing. Closed from the
 * server's side first, a request sent on it fails ("fetch failed", a reset) with nothing to retry it, which a busy
 * machine's late event loop makes likely with Node's 5 s default.
 */
const KEEP_ALIVE_MS = 65_000;

export function keepConnectionsAlive(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Node requires the headers timeout to exceed the keep-alive timeout, or it can cut a request as it arrives.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}
