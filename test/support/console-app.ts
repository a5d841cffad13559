/**
 * A support console as a tenant would write one: an Express app whose impersonated route is behind the official
 * client's requireImpersonation, pointed at a Grantdesk replica. It counts the client's calls by operation, so a
 * test can tell an answer from cache from one fetched.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { GrantdeskClient } from '../../clients/console/src/grantdesk-client.ts';
import {
  type GateRequest,
  type ImpersonationMiddleware,
  requireImpersonation,
} from '../../clients/console/src/require-impersonation.ts';

export interface ConsoleApp {
  baseUrl: string;
  gate: ImpersonationMiddleware;
  /** Calls the client made, as "GET /api/v1/…" paths with the session id left out. */
  calls: string[];
  /** The stream's events as the middleware received them, as "type sessionId". */
  events: string[];
  get(sessionId: string, path?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startConsoleApp(options: {
  grantdeskUrl: string;
  token: string;
  now: () => number;
  graceMs?: number;
}): Promise<ConsoleApp> {
  const calls: string[] = [];
  const counted: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/sessions\/[^/]+/, 'sessions/{sessionId}')}`);
    return fetch(input, init);
  };
  const client = new GrantdeskClient({ baseUrl: options.grantdeskUrl, token: options.token, fetch: counted });
  const gate = requireImpersonation({
    client,
    sessionId: (req) => (req as GateRequest & { params: { sessionId?: string } }).params.sessionId,
    now: options.now,
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
  });
  const events: string[] = [];
  gate.gate.onEvent((event) => events.push(`${event.type} ${event.session.id}`));
  const app = express();
  app.use(express.json());
  app.get('/tenant/:sessionId/profile', gate, (req, res) => {
    const { recordAction: _record, ...impersonation } = (req as GateRequest).impersonation!;
    res.json(impersonation);
  });
  app.post('/tenant/:sessionId/refund', gate, async (req, res) => {
    res.json(await (req as GateRequest).impersonation!.recordAction(`Refunded invoice ${req.body.invoice}`));
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    gate,
    calls,
    events,
    async get(sessionId, path = 'profile') {
      const response = await fetch(`${baseUrl}/tenant/${sessionId}/${path}`, {
        headers: { 'user-agent': 'SupportConsole/2.1 (test)' },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async close() {
      await gate.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
