import express, { type Router } from 'express';
import { checkSessionAccess } from '../app/check-session.ts';
import { actorOf, readerOf, requireScope, tokenOf } from './api-auth.ts';
import { type ApiDeps, gateStatesOf } from './api-deps.ts';
import { parseInput } from './parse-input.ts';
import { SESSION_CHECK_ROUTE, SESSION_CHECK_SCOPES } from './session-check-handler.ts';
import { lastEventIdOf, serveEventStream } from './session-event-stream.ts';
import { actionBody, activeQuery, pageQuery, rangeQuery, statsQuery, useBody } from './session-schemas.ts';

/** DESIGN.md §3, /api/v1/impersonation/…: what the support console and compliance ask about sessions. */
export function impersonationRoutes(deps: ApiDeps): Router {
  const { services, clock, sessionStates, streamHeartbeatMs } = deps;
  const router = express.Router();
  const states = gateStatesOf(deps);
  const session = '/api/v1/impersonation/sessions/:sessionId';
  const find = (sessionId: string, res: express.Response) =>
    services.findSession({ reference: sessionId, tenant: tokenOf(res).tenant });

  router.post(`${session}/use`, requireScope('sessions:write'), async (req, res) => {
    const body = parseInput(useBody, req.body ?? {}, 'body');
    const grant = await find(String(req.params.sessionId), res);
    const { grant: used } = await services.recordUse({
      grantId: grant.id,
      actor: actorOf(res),
      ipAddress: body.ipAddress ?? null,
      userAgent: body.userAgent ?? null,
    });
    res.json({ sessionId: used.id, status: used.status, expiresAt: used.expiresAt });
  });

  router.post(`${session}/record-action`, requireScope('sessions:write'), async (req, res) => {
    const body = parseInput(actionBody, req.body, 'body');
    const grant = await find(String(req.params.sessionId), res);
    const change = await services.recordAction({ grantId: grant.id, actor: actorOf(res), action: body.action });
    res.json({ sessionId: grant.id, action: body.action.trim(), recordedAt: change.events[0]?.occurredAt });
  });

  router.post(`${session}/end`, requireScope('sessions:write'), async (req, res) => {
    const grant = await find(String(req.params.sessionId), res);
    const { grant: ended, changed } = await services.endGrant({ grantId: grant.id, actor: actorOf(res) });
    const { status, endTime, endReason } = ended;
    res.json({ sessionId: ended.id, status, endTime, endReason, changed });
  });

  // What the session check's fast path leaves to Express (a body, another spelling of the path), and any app that
  // serves these routes without it.
  router.get(SESSION_CHECK_ROUTE, requireScope(...SESSION_CHECK_SCOPES), async (req, res) => {
    const reference = String(req.params.sessionId);
    res.json(await checkSessionAccess({ states, clock }, { reference, tenant: tokenOf(res).tenant }));
  });

  router.get('/api/v1/impersonation/stream', requireScope('sessions:write', 'audit:read'), async (req, res) => {
    const { tenant } = tokenOf(res);
    // Without Last-Event-ID a console starts from now: what happened before is in the REST API.
    const afterSeq = lastEventIdOf(req) ?? (await services.auditHeadSeq());
    const read = (after: number, limit: number) => services.readSessionEvents({ afterSeq: after, tenant, limit });
    const subscribe = sessionStates?.subscribe?.bind(sessionStates);
    await serveEventStream(req, res, {
      source: { read, ...(subscribe ? { subscribe } : {}) },
      afterSeq,
      ...(streamHeartbeatMs ? { heartbeatMs: streamHeartbeatMs } : {}),
    });
  });

  router.get(session, requireScope('audit:read'), async (req, res) => {
    res.json(await services.getSession({ reference: String(req.params.sessionId), tenant: tokenOf(res).tenant }));
  });

  router.get('/api/v1/impersonation/active', requireScope('sessions:write', 'audit:read'), async (req, res) => {
    const query = parseInput(activeQuery, req.query, 'query');
    res.json(await services.findActiveSession({ ...query, visibleTenant: tokenOf(res).tenant }));
  });

  router.get('/api/v1/impersonation/audit', requireScope('audit:read'), async (req, res) => {
    const query = parseInput(pageQuery, req.query, 'query');
    res.json(
      await services.queryAudit({ reader: readerOf(res), tenant: query.tenant, page: query.page, size: query.size }),
    );
  });

  router.get('/api/v1/impersonation/audit/range', requireScope('audit:read'), async (req, res) => {
    const query = parseInput(rangeQuery, req.query, 'query');
    res.json(await services.queryAudit({ ...query, reader: readerOf(res) }));
  });

  router.get('/api/v1/impersonation/stats', requireScope('audit:read'), async (req, res) => {
    const query = parseInput(statsQuery, req.query, 'query');
    res.json(await services.computeStats({ reader: readerOf(res), tenant: query.tenant }));
  });
  return router;
}
