/**
 * The demo's support console: a pretend console of the kind a Grantdesk customer runs, acting as tenants through the
 * official client (clients/console) exactly as its README shows: the route that acts as a tenant is behind
 * requireImpersonation, whose gate keeps a cache current from Grantdesk's event stream. The sandbox serves its page
 * at `/console` and hands it every request under `/console/`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { GrantdeskApiError } from '../../../clients/console/src/grantdesk-api-error.ts';
import { GrantdeskClient } from '../../../clients/console/src/grantdesk-client.ts';
import {
  type GateRequest,
  type ImpersonationMiddleware,
  requireImpersonation,
} from '../../../clients/console/src/require-impersonation.ts';
import { LiveUpdates } from '../slack-sandbox/live-updates.ts';
import { ConsolePanels } from './console-panels.ts';

export interface SupportConsoleOptions {
  /** Where Grantdesk serves its REST API. */
  grantdeskUrl: string;
  /** An API token with sessions:write and audit:read. */
  token: string;
}

/** Grantdesk keeps actions to 200 characters (DESIGN.md §1). */
const MAX_ACTION_LENGTH = 200;

export class SupportConsole {
  private readonly impersonation: ImpersonationMiddleware;
  private readonly live: LiveUpdates;
  private readonly panels: ConsolePanels;
  private readonly app = express();

  constructor(options: SupportConsoleOptions) {
    const client = new GrantdeskClient({ baseUrl: options.grantdeskUrl, token: options.token });
    // The session is named in the path here; a real console keeps it in the staff member's own login session.
    this.impersonation = requireImpersonation({
      client,
      sessionId: (req) => (req as GateRequest & { params: { sessionId?: string } }).params.sessionId,
    });
    this.live = new LiveUpdates(() => this.panels.snapshot());
    this.panels = new ConsolePanels(client, this.impersonation.gate, () => this.live.changed());
    this.routes();
  }

  /** Answers a request under `/console/` (the sandbox serves the page itself). */
  handle(request: IncomingMessage, response: ServerResponse): void {
    this.app(request, response);
  }

  async close(): Promise<void> {
    this.panels.close();
    this.live.close();
    await this.impersonation.close();
  }

  private routes(): void {
    const { app } = this;
    app.get('/console/state', (_req, res) => {
      res.set('cache-control', 'no-store').json(this.panels.snapshot());
    });
    app.get('/console/events', (_req, res) => this.live.subscribe('', res));
    // JSON only, so another site's form cannot make the console act.
    const jsonOnly: express.RequestHandler = (req, res, next) => {
      if (req.is('application/json')) return next();
      res.status(415).json({ error: { code: 'json_only', message: 'Send application/json.' } });
    };
    app.post('/console/tenant/:sessionId/action', jsonOnly, this.impersonation, async (req, res) => {
      const { tenant, targetUser, recordAction } = (req as GateRequest).impersonation!;
      const as = targetUser ? `${targetUser} on ${tenant}` : tenant;
      const action = `Opened the account settings of ${as} from the demo support console`;
      try {
        await recordAction(action.slice(0, MAX_ACTION_LENGTH));
        res.json({ tenant, targetUser, action });
      } catch (error) {
        // Ended between the gate's answer and the recording: Grantdesk refused the action itself.
        const status = error instanceof GrantdeskApiError ? error.status : 502;
        const { code, message } =
          error instanceof GrantdeskApiError ? error : { code: 'grantdesk_error', message: String(error) };
        res.status(status).json({ error: { code, message } });
      }
    });
  }
}
