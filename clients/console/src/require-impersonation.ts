import type { ActionResult, Instant } from './api-types.js';
import { GrantdeskApiError } from './grantdesk-api-error.js';
import type { GrantdeskClient } from './grantdesk-client.js';
import { type GateDecision, SessionGate } from './session-gate.js';

/** What the middleware puts on `req.impersonation` for the handlers behind it. */
export interface Impersonation {
  sessionId: string;
  tenant: string;
  targetUser: string | null;
  accessLevel: 'read' | 'write';
  expiresAt: Instant;
  /** Records a significant action (1–200 characters) on the session's audit trail. */
  recordAction(text: string): Promise<ActionResult>;
}

export type Refusal = Extract<GateDecision, { allowed: false }>;

/** The parts of Express's request and response the middleware uses (Express 4 and 5 both fit). */
export interface GateRequest {
  ip?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  impersonation?: Impersonation;
}
export interface GateResponse {
  status(code: number): GateResponse;
  json(body: unknown): unknown;
}
export type Next = (error?: unknown) => void;

export interface RequireImpersonationOptions {
  client: GrantdeskClient;
  /** Which session this request acts under (a path parameter, a header, the console's own login session). */
  sessionId(req: GateRequest): string | null | undefined;
  /** See SessionGateOptions.graceMs: 0 (the default) refuses as soon as Grantdesk cannot be reached. */
  graceMs?: number;
  /** Answers a refused request; by default `{error: {code, message}}` with 400, 403, 404 or 503. */
  onRefused?(req: GateRequest, res: GateResponse, refusal: Refusal): void;
  /** Milliseconds since the epoch; for tests. */
  now?: () => number;
}

export type ImpersonationMiddleware = ((req: GateRequest, res: GateResponse, next: Next) => Promise<void>) & {
  /** The cache and stream behind the middleware. */
  gate: SessionGate;
  /** Closes the stream (on shutdown). */
  close(): Promise<void>;
};

/** Sessions whose first use has been reported; a process that acts for more at once than this re-reports. */
const MAX_REPORTED = 10_000;

/**
 * Express middleware for the support console's impersonated routes (DESIGN.md §5): lets a request through only
 * while its session is active, answering from a cache the event stream keeps current, and refuses when Grantdesk
 * cannot confirm it (fail-closed). The first request of a session reports its use (IP, user agent) with /use.
 */
export function requireImpersonation(options: RequireImpersonationOptions): ImpersonationMiddleware {
  const { client } = options;
  const gate = new SessionGate({
    client,
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  gate.start();
  const firstUses = new Map<string, Promise<Refusal | null>>();
  const refuse =
    options.onRefused ??
    ((_req: GateRequest, res: GateResponse, refusal: Refusal) => {
      res.status(refusal.status).json({ error: { code: refusal.code, message: refusal.message } });
    });

  const reportFirstUse = (sessionId: string, req: GateRequest): Promise<Refusal | null> => {
    let reported = firstUses.get(sessionId);
    if (!reported) {
      const userAgent = headerOf(req, 'user-agent');
      reported = client
        .useSession(sessionId, { ...(req.ip ? { ipAddress: req.ip } : {}), ...(userAgent ? { userAgent } : {}) })
        .then(() => null)
        .catch((error: unknown) => {
          // Not reported: the next request tries again.
          firstUses.delete(sessionId);
          if (error instanceof GrantdeskApiError && error.status === 409) gate.forget(sessionId);
          return useRefusal(error);
        });
      firstUses.set(sessionId, reported);
      if (firstUses.size > MAX_REPORTED) firstUses.delete(firstUses.keys().next().value as string);
    }
    return reported;
  };

  const middleware = async (req: GateRequest, res: GateResponse, next: Next): Promise<void> => {
    try {
      const sessionId = options.sessionId(req);
      if (!sessionId) {
        const message = 'This request names no impersonation session.';
        return refuse(req, res, { allowed: false, status: 400, code: 'no_session', message });
      }
      const decision = await gate.decide(sessionId);
      if (!decision.allowed) return refuse(req, res, decision);
      const refusal = await reportFirstUse(sessionId, req);
      if (refusal) return refuse(req, res, refusal);
      // The session's id even when the console named it by its short code.
      const { sessionId: id, tenant, targetUser, accessLevel, expiresAt } = decision.check;
      req.impersonation = {
        sessionId: id,
        tenant,
        targetUser,
        accessLevel,
        expiresAt,
        recordAction: (text) => client.recordAction(id, text),
      };
      next();
    } catch (error) {
      next(error);
    }
  };
  return Object.assign(middleware, { gate, close: () => gate.stop() });
}

function headerOf(req: GateRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function useRefusal(error: unknown): Refusal {
  if (error instanceof GrantdeskApiError && error.status < 500) {
    const status = error.status === 404 || error.status === 400 ? error.status : 403;
    return { allowed: false, status, code: error.code, message: error.message };
  }
  const message = 'Grantdesk cannot be reached to record this use, so it is refused. Try again in a moment.';
  return { allowed: false, status: 503, code: 'grantdesk_unreachable', message };
}
